"""The Walikota's weekly brief: changes chosen by a stated rule, template sentences, PDF and WhatsApp text (no Streamlit)."""
