"""Ringkasan Mingguan: the weekly brief for a chosen ISO week, with its PDF and WhatsApp text (binjai.brief)."""

import streamlit as st

from binjai.brief import build, pdf, text
from binjai.text import escape_markdown
from binjai.ui import data
from binjai.ui.drill import ask_panel
from binjai.ui.shell import setup_page, sync_query_params

WEEKS_OFFERED = 26

ctx = setup_page("ringkasan")
lang = ctx.lang
weeks = build.recent_weeks(ctx.today, WEEKS_OFFERED)
asked = st.query_params.get("minggu")
st.title(ctx.t("nav.ringkasan"))
week = st.columns([1, 3])[0].selectbox(ctx.t("ringkasan.week"), weeks, index=weeks.index(asked) if asked in weeks else 0,
                                       key="brief_week", placeholder=ctx.t("widget.choose"))
sync_query_params({"minggu": week} if week != weeks[0] else {}, ("minggu",))
brief = data.run(build.build, week, ctx.today)

st.subheader(text.title(brief, lang), anchor=False)
st.caption(ctx.t("ringkasan.scope_note"))
if brief.is_sample:
    st.warning(ctx.t("ringkasan.sample"), icon=":material/science:")
sections = text.sections(brief, lang)
for section in sections:
    st.subheader(section.title, anchor=False)
    if not section.lines:
        st.caption(section.empty)
    for line in section.lines:
        st.markdown(f"- {escape_markdown(line.text)}")
        if line.source:
            st.caption(f"{ctx.t('ringkasan.trace')}: {escape_markdown(line.source)}")
st.caption(text.rule_text(lang))
ask_panel(ctx, text.asks(sections), "brief")

message = text.whatsapp(brief, lang)
left, right = st.columns(2)
left.download_button(ctx.t("ringkasan.pdf_button"), lambda: pdf.render(brief, lang), f"ringkasan-{brief.week}-{lang}.pdf",
                     "application/pdf", key="brief_pdf", icon=":material/picture_as_pdf:", width="stretch")
right.download_button(ctx.t("ringkasan.text_button"), message.encode("utf-8"), f"ringkasan-{brief.week}-{lang}.txt",
                      "text/plain", key="brief_txt", icon=":material/chat:", width="stretch")
st.caption(ctx.t("ringkasan.text_label"))
st.code(message, language=None, wrap_lines=True)
