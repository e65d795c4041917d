"""The dashboard server: Streamlit's app (dashboard.py and pages/) with the session-cookie route and origin guard.

Start with `streamlit run app.py` (scripts/run_dashboard.sh does).
"""

import streamlit as st
from starlette.middleware import Middleware

from binjai import web

app = st.App("dashboard.py", routes=web.routes(), middleware=[Middleware(web.OriginGuard)])
