# Odoo 18 with what the official image lacks for millennium_inbox.
FROM odoo:18.0
USER root
COPY requirements.txt /tmp/millennium-requirements.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/millennium-requirements.txt
COPY docker/entrypoint.sh /usr/local/bin/millennium-entrypoint
RUN chmod 755 /usr/local/bin/millennium-entrypoint
USER odoo
# Installs the addon on the first start, updates it later (see the script).
ENTRYPOINT ["/usr/local/bin/millennium-entrypoint"]
CMD []
