# Odoo 18 with what the official image lacks for millennium_inbox:
# the OCR engine with Polish and English data, our Python dependencies, and
# OCA queue_job (the job engine processing runs on).
FROM odoo:18.0
USER root
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-pol tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/millennium-requirements.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/millennium-requirements.txt
# The second OCR engine for till receipts (optional for the addon): RapidOCR
# without its opencv-python (the headless build above serves it), then its
# other needs; its models ship inside its wheel.
COPY requirements-ocr-engine.txt /tmp/millennium-ocr-engine.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/millennium-ocr-engine.txt \
    && pip3 install --no-cache-dir --break-system-packages --no-deps "rapidocr_onnxruntime==1.4.4"
# queue_job: only the addon folder of its wheel, on the addons path (odoo.conf);
# the wheel itself is not pip-installed, so it never shadows Odoo's own package.
RUN pip3 download --no-cache-dir --no-deps --only-binary=:all: -d /tmp/queue-job \
        "odoo-addon-queue-job>=18.0.4,<18.1" \
    && mkdir -p /opt/millennium-deps/addons \
    && python3 -m zipfile -e /tmp/queue-job/odoo_addon_queue_job-*.whl /tmp/queue-job/x \
    && mv /tmp/queue-job/x/odoo/addons/queue_job /opt/millennium-deps/addons/ \
    && rm -rf /tmp/queue-job
COPY docker/entrypoint.sh /usr/local/bin/millennium-entrypoint
RUN chmod 755 /usr/local/bin/millennium-entrypoint
USER odoo
# Installs the addon on the first start, updates it later (see the script).
ENTRYPOINT ["/usr/local/bin/millennium-entrypoint"]
CMD []
