import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

// A one-page PDF invoice with a text layer, as an accountant would upload it.
const INVOICE_PDF_BASE64 =
    "JVBERi0xLjMKJZOMi54gUmVwb3J0TGFiIEdlbmVyYXRlZCBQREYgZG9jdW1lbnQgKG9wZW5zb3VyY2UpCjEgMCBvYmoKPDwKL0YxIDIgMCBSCj4+CmVuZG9iagoyIDAgb2JqCjw8Ci9CYXNlRm9udCAvSGVsdmV0aWNhIC9FbmNvZGluZyAvV2luQW5zaUVuY29kaW5nIC9OYW1lIC9GMSAvU3VidHlwZSAvVHlwZTEgL1R5cGUgL0ZvbnQKPj4KZW5kb2JqCjMgMCBvYmoKPDwKL0NvbnRlbnRzIDcgMCBSIC9NZWRpYUJveCBbIDAgMCA1OTUuMjc1NiA4NDEuODg5OCBdIC9QYXJlbnQgNiAwIFIgL1Jlc291cmNlcyA8PAovRm9udCAxIDAgUiAvUHJvY1NldCBbIC9QREYgL1RleHQgL0ltYWdlQiAvSW1hZ2VDIC9JbWFnZUkgXQo+PiAvUm90YXRlIDAgL1RyYW5zIDw8Cgo+PiAKICAvVHlwZSAvUGFnZQo+PgplbmRvYmoKNCAwIG9iago8PAovUGFnZU1vZGUgL1VzZU5vbmUgL1BhZ2VzIDYgMCBSIC9UeXBlIC9DYXRhbG9nCj4+CmVuZG9iago1IDAgb2JqCjw8Ci9BdXRob3IgKGFub255bW91cykgL0NyZWF0aW9uRGF0ZSAoRDoyMDI2MTEyODAzMjEyNSswMCcwMCcpIC9DcmVhdG9yIChhbm9ueW1vdXMpIC9LZXl3b3JkcyAoKSAvTW9kRGF0ZSAoRDoyMDI2MTEyODAzMjEyNSswMCcwMCcpIC9Qcm9kdWNlciAoUmVwb3J0TGFiIFBERiBMaWJyYXJ5IC0gXChvcGVuc291cmNlXCkpIAogIC9TdWJqZWN0ICh1bnNwZWNpZmllZCkgL1RpdGxlICh1bnRpdGxlZCkgL1RyYXBwZWQgL0ZhbHNlCj4+CmVuZG9iago2IDAgb2JqCjw8Ci9Db3VudCAxIC9LaWRzIFsgMyAwIFIgXSAvVHlwZSAvUGFnZXMKPj4KZW5kb2JqCjcgMCBvYmoKPDwKL0ZpbHRlciBbIC9BU0NJSTg1RGVjb2RlIC9GbGF0ZURlY29kZSBdIC9MZW5ndGggMTUyCj4+CnN0cmVhbQpHYXBRaDBFPUYsMFVcSDNUXHBOWVReUUtrP3RjPklQLDtXI1UxXjIzaWhQRU1fP0NXNEtJU2k8O0Q6JGc6XkcwQ2N1O1klL2gmQUU8IVtPUjs5MTdjRSF0LFJmL0dIPTE9SzIuYVxpRGxfUDVFbFU8dDhvVGRtO2ktYUJJRl84c1BnYTFzcWBeckhzV1FOQHMnKzxfckF+PmVuZHN0cmVhbQplbmRvYmoKeHJlZgowIDgKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDYxIDAwMDAwIG4gCjAwMDAwMDAwOTIgMDAwMDAgbiAKMDAwMDAwMDE5OSAwMDAwMCBuIAowMDAwMDAwNDAyIDAwMDAwIG4gCjAwMDAwMDA0NzAgMDAwMDAgbiAKMDAwMDAwMDczMSAwMDAwMCBuIAowMDAwMDAwNzkwIDAwMDAwIG4gCnRyYWlsZXIKPDwKL0lEIApbPGU5OThmMTc0Yzg1MzExYzk3YzJjMzk3Y2Y3MmU3MDMyPjxlOTk4ZjE3NGM4NTMxMWM5N2MyYzM5N2NmNzJlNzAzMj5dCiUgUmVwb3J0TGFiIGdlbmVyYXRlZCBQREYgZG9jdW1lbnQgLS0gZGlnZXN0IChvcGVuc291cmNlKQoKL0luZm8gNSAwIFIKL1Jvb3QgNCAwIFIKL1NpemUgOAo+PgpzdGFydHhyZWYKMTAzMgolJUVPRgo=";

function invoiceFile() {
    const bytes = Uint8Array.from(atob(INVOICE_PDF_BASE64), (char) => char.charCodeAt(0));
    return new File([bytes], "faktura-tour.pdf", { type: "application/pdf" });
}

registry.category("web_tour.tours").add("millennium_inbox_upload_tour", {
    steps: () => [
        {
            content: "Open the upload dialog from the Inbox",
            trigger: "button.o_millennium_upload",
            run: "click",
        },
        {
            content: "Send one file",
            trigger: ".modal .o_field_many2many_binary",
            async run() {
                await inputFiles(".modal .o_field_many2many_binary .o_input_file", [
                    invoiceFile(),
                ]);
            },
        },
        {
            content: "Wait for the file to be uploaded",
            trigger:
                ".modal .o_attachment[title='faktura-tour.pdf']:not(.o_attachment_uploading)",
        },
        {
            content: "Upload",
            trigger: ".modal button.o_millennium_upload_confirm",
            run: "click",
        },
        {
            content: "Open the uploaded document",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('FV/7/2026')",
            run: "click",
        },
        {
            content: "Accept it as an accounting document",
            trigger: ".o_form_view button.o_millennium_accept_accounting",
            run: "click",
        },
        {
            content: "Invoice is the kind proposed: confirm",
            trigger: ".modal .o_field_widget[name='accounting_kind'] input[data-value='invoice']:checked",
        },
        {
            trigger: ".modal button.o_millennium_accept_confirm",
            run: "click",
        },
        {
            content: "The document is now an accounting document",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Accounting document')",
        },
    ],
});
