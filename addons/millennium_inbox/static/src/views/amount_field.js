/**
 * An amount read from a document, as a list shows it: in the currency read
 * and grouped by thousands ("12 345,67 €").
 *
 * Odoo's monetary field knows only the active currencies: an invoice in EUR
 * in a company that never activated EUR still shows its symbol (from the
 * document's `suggested_currency_symbol` and `_position`). And Odoo's Polish
 * sets no thousands separator ("12345,67"): where the language has none, the
 * digits are grouped by three with a no-break space, as Polish writes them.
 * `<field name="suggested_amount_total" widget="millennium_amount"/>`
 */
import { localization } from "@web/core/l10n/localization";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { MonetaryField, monetaryField } from "@web/views/fields/monetary/monetary_field";

const NBSP = "\u00a0";

export class InboxAmountField extends MonetaryField {
    get symbol() {
        if (this.currency) {
            return this.currency.symbol;
        }
        return this.props.record.data.suggested_currency_symbol || "";
    }

    get symbolPosition() {
        if (this.currency) {
            return this.currency.position;
        }
        return this.props.record.data.suggested_currency_position;
    }

    get groupedAmount() {
        const grouped = localization.thousandsSep && localization.grouping?.length;
        return formatFloat(this.value, {
            digits: [69, this.currencyDigits?.[1] ?? 2],
            ...(grouped ? {} : { grouping: [3, 0], thousandsSep: NBSP }),
        });
    }

    get formattedValue() {
        if (!this.props.readonly) {
            return super.formattedValue;
        }
        const amount = this.groupedAmount;
        const symbol = this.symbol;
        if (!symbol) {
            return amount;
        }
        return this.symbolPosition === "before"
            ? `${symbol}${NBSP}${amount}`
            : `${amount}${NBSP}${symbol}`;
    }
}

registry.category("fields").add("millennium_amount", {
    ...monetaryField,
    component: InboxAmountField,
});
