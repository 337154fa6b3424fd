/**
 * Next to a field the reading suggested (under its label): how it was read
 * (XML e-invoice, the PDF's text layer, OCR) and how sure the reading is,
 * from the document's `extraction_details`. A small badge; the line it was
 * found on in its tooltip. `<widget name="millennium_read_source" key="seller_vat"/>`, the key
 * being the reader's name of the field.
 */
import { Component, xml } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

// As LOW_CONFIDENCE in models/millennium_inbox_document_extraction.py.
const LOW_CONFIDENCE = 0.8;

export class ReadSource extends Component {
    static template = xml`
        <span t-if="detail"
              class="o_millennium_read_source badge rounded-pill text-nowrap"
              t-att-class="low ? 'text-bg-warning' : 'text-bg-light border'"
              t-att-data-source="source"
              t-att-title="tooltip">
            <i t-if="low" class="fa fa-exclamation-triangle me-1" role="img" t-att-aria-label="checkLabel"/>
            <t t-esc="sourceLabel"/> <t t-esc="percent"/> %
        </span>`;
    static props = { ...standardWidgetProps, key: { type: String } };

    get detail() {
        const details = this.props.record.data.extraction_details;
        return (details && details[this.props.key]) || null;
    }

    get source() {
        if (this.detail.ocr) {
            return "ocr";
        }
        return this.props.record.data.einvoice_format ? "xml" : "text";
    }

    get sourceLabel() {
        // codes everyone in an office reads; the tooltip says them in words
        return { ocr: "OCR", xml: "XML", text: "PDF" }[this.source];
    }

    get percent() {
        return Math.round((this.detail.confidence || 0) * 100);
    }

    get low() {
        return (this.detail.confidence || 0) < LOW_CONFIDENCE;
    }

    get checkLabel() {
        return _t("Check this value against the document.");
    }

    get tooltip() {
        const how = {
            ocr: _t("Read by OCR from the image"),
            xml: _t("Read from the XML e-invoice"),
            text: _t("Read from the PDF's text"),
        }[this.source];
        const parts = [_t("%(how)s, confidence %(percent)s %", { how, percent: this.percent })];
        if (this.low) {
            parts.unshift(this.checkLabel);
        }
        if (this.detail.source) {
            const where = this.detail.page
                ? _t("page %(page)s: %(line)s", { page: this.detail.page, line: this.detail.source })
                : this.detail.source;
            parts.push(_t("Found in: %(where)s", { where }));
        }
        return parts.join("\n");
    }
}

registry.category("view_widgets").add("millennium_read_source", {
    component: ReadSource,
    extractProps: ({ attrs }) => ({ key: attrs.key }),
    fieldDependencies: [
        { name: "extraction_details", type: "json" },
        { name: "einvoice_format", type: "selection" },
    ],
});
