import { registry } from "@web/core/registry";

// An Inbox user (no administrator, no manager) looks up the scan address.
registry.category("web_tour.tours").add("millennium_inbox_send_by_email_tour", {
    steps: () => [
        {
            content: "Open 'Send an invoice by e-mail' from the Inbox",
            trigger: ".o_control_panel button:contains('Send an invoice by e-mail')",
            run: "click",
        },
        {
            content: "The address is shown with a copy button",
            trigger:
                ".modal .o_field_CopyClipboardChar:contains('@skany.biuro.example') .o_clipboard_button",
        },
        {
            content: "No access error was shown",
            trigger: "body:not(:has(.o_error_dialog))",
        },
        {
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            content: "Back on the Inbox",
            trigger: "body:not(:has(.modal)) .o_list_view",
        },
    ],
});

// An Inbox manager (no administrator) configures the Inbox.
registry.category("web_tour.tours").add("millennium_inbox_manager_settings_tour", {
    steps: () => [
        {
            content: "Open the configuration from the Inbox",
            trigger:
                ".o_control_panel button:contains('Configure the e-mail for sending PDF invoices')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='max_pages'] input",
            run: "edit 250",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='scan_text'] input",
            run: "edit skany tour",
        },
        {
            trigger: ".o_form_view button.o_millennium_settings_save",
            run: "click",
        },
        {
            content: "The generated address is shown, whole",
            trigger:
                ".o_form_view .o_field_widget[name='scan_email']:contains('@skany.biuro.example')",
        },
        {
            content: "No access error was shown",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
