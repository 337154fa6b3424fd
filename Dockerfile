# Odoo 18 with what the official image lacks for millennium_inbox.
FROM odoo:18.0
USER root
COPY requirements.txt /tmp/millennium-requirements.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/millennium-requirements.txt
USER odoo
