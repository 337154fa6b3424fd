"""Pure-Python document intake logic (no Odoo import): sniffing, PDF, images,
extraction, secrets. Odoo models call it; plain pytest tests it."""
