/**
 * The accountant's desk: the document form where documents are accepted one
 * after another (Alt+Q opens the accept dialog, Alt+Q again accepts).
 *
 * As fast as a person reads:
 * - while the accountant looks at a document, the next one to approve is
 *   chosen, its fields read and its PDF downloaded (silently: no loading
 *   indicator);
 * - accepting closes the dialog and opens that next document at once; the
 *   accept itself runs behind (one after another, in order). An accept that
 *   fails comes back as a sticky notification naming the document, with a
 *   button to open it again: nothing is lost, the document stays to approve;
 *   closing or reloading the tab while accepts still run makes the browser
 *   ask first;
 * - the PDF viewer is loaded once and fed each next file (no pdf.js reload,
 *   no grey pane, no layout jump);
 * - the cursor waits in the first field that needs checking (empty, or read
 *   with a low confidence).
 */
import { AttachmentView } from "@mail/core/common/attachment_view";
import {
    Component,
    onMounted,
    onPatched,
    onWillUnmount,
    status,
    useEffect,
    useRef,
    useSubEnv,
    xml,
} from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { SIZES } from "@web/core/ui/ui_service";
import { useBus } from "@web/core/utils/hooks";
import { hidePDFJSButtons } from "@web/libs/pdfjs";
import { getBasicEvalContext, getFieldsSpec } from "@web/model/relational_model/utils";
import { FormController } from "@web/views/form/form_controller";
import { FormRenderer } from "@web/views/form/form_renderer";
import { formView } from "@web/views/form/form_view";
import { useInboxChanges } from "./inbox_views";

const OPEN = "MILLENNIUM_INBOX:open_document";
const MODEL = "millennium.inbox.document";
// A prefetched document older than this is read again.
const PREFETCH_MAX_AGE_MS = 60000;
// Fields a bill cannot do without: empty, they need the accountant.
const NEEDED = [
    "suggested_partner_name",
    "suggested_vat",
    "suggested_invoice_number",
    "suggested_invoice_date",
    "suggested_amount_total",
];

/** The desk form open in the web client (at most one): the accept dialog
 * hands its accept to it. */
let activeDesk = null;

// ---------------------------------------------------------------------------
// Accepts still running behind: the browser asks before the tab is closed
// ---------------------------------------------------------------------------

/** Documents whose accept runs behind, whichever desk started it (an accept
 * goes on when the accountant leaves the desk for another menu, not when the
 * tab is closed or reloaded: the document would stay to approve). */
const acceptsRunning = new Set();

function askBeforeLeaving(event) {
    // the browser's own prompt (it shows no text of ours)
    event.preventDefault();
    event.returnValue = true; // browsers before the standard
}

/** Track `documentId`'s accept until `promise` settles: while any runs, the
 * browser asks before the page is left. */
function trackAccept(documentId, promise) {
    if (!acceptsRunning.size) {
        window.addEventListener("beforeunload", askBeforeLeaving);
    }
    acceptsRunning.add(documentId);
    return promise.finally(() => {
        acceptsRunning.delete(documentId);
        if (!acceptsRunning.size) {
            window.removeEventListener("beforeunload", askBeforeLeaving);
        }
    });
}

/** How many accepts run behind (the desk flow tour checks the prompt with it). */
export function acceptsBehind() {
    return acceptsRunning.size;
}

// ---------------------------------------------------------------------------
// PDF files, downloaded ahead
// ---------------------------------------------------------------------------

const pdfFiles = new Map(); // attachment id -> Promise<ArrayBuffer|null>
const PDF_FILES_KEPT = 4;

function pdfUrl(attachmentId) {
    return `/web/content/${attachmentId}`;
}

/** The file's bytes (downloaded once; null when the download failed). */
export function pdfFile(attachmentId) {
    if (!pdfFiles.has(attachmentId)) {
        const bytes = fetch(pdfUrl(attachmentId))
            .then((response) => (response.ok ? response.arrayBuffer() : null))
            .catch(() => null);
        pdfFiles.set(attachmentId, bytes);
        while (pdfFiles.size > PDF_FILES_KEPT) {
            pdfFiles.delete(pdfFiles.keys().next().value);
        }
    }
    return pdfFiles.get(attachmentId);
}

function viewerUrl(attachmentId) {
    const file = encodeURIComponent(pdfUrl(attachmentId));
    return `/web/static/lib/pdfjs/web/viewer.html?file=${file}#pagemode=none`;
}

/** pdf.js's application inside the iframe, once it is initialized. */
function viewerApplication(iframe) {
    return new Promise((resolve) => {
        const check = () => {
            const app = iframe.contentWindow?.PDFViewerApplication;
            if (app?.initializedPromise) {
                app.initializedPromise.then(() => resolve(app));
            } else if (iframe.isConnected) {
                setTimeout(check, 20);
            }
        };
        check();
    });
}

/** The file pdf.js is loading, loaded (or failed): a file opened while the
 * previous one still loads destroys its transport, and pdf.js reports that
 * as an error in the page ("Unable to initialize viewer: Transport
 * destroyed", "An error occurred while loading the PDF"). */
async function settled(app) {
    const quiet = (promise) => Promise.resolve(promise).catch(() => {});
    await quiet(app.pdfLoadingTask?.promise);
    await quiet(app.pdfViewer?.pagesPromise);
}

/** One pdf.js worker kept for every next file the viewer is fed (else each
 * file starts its own, its 2 MB of code loaded and compiled again); a module
 * worker, as pdf.js starts it. */
function keepWorker(iframe) {
    const viewer = iframe.contentWindow;
    const options = viewer?.PDFViewerApplicationOptions;
    if (options && !options.get("workerPort")) {
        const source = new URL(options.get("workerSrc"), viewer.location.href);
        options.set("workerPort", new viewer.Worker(source, { type: "module" }));
    }
}

// ---------------------------------------------------------------------------
// The preview: one pdf.js viewer for every document of the desk
// ---------------------------------------------------------------------------

export class DeskPreview extends Component {
    static template = xml`
        <div t-if="attachmentId" class="o-mail-Attachment o_millennium_desk_preview">
            <iframe class="d-print-none mb48" t-ref="iframe" t-att-src="firstUrl"
                    t-att-data-attachment-id="shownId"/>
        </div>
        <AttachmentView t-else="" threadId="props.threadId" threadModel="props.threadModel"/>`;
    static components = { AttachmentView };
    static props = ["threadId", "threadModel"];

    setup() {
        this.iframeRef = useRef("iframe");
        this.firstUrl = null;
        this.shownId = null;
        this.feeding = Promise.resolve();
        onMounted(() => {
            this.show();
            // the worker the next file will use, started while this one is read
            const iframe = this.iframeRef.el;
            if (iframe) {
                viewerApplication(iframe).then(() => keepWorker(iframe));
            }
        });
        onPatched(() => this.show());
    }

    get attachmentId() {
        const record = this.env.millenniumDeskRecord?.();
        // a many2one in a record's data: [id, display name]
        const attachmentId = record?.data.pdf_attachment_id?.[0] || null;
        if (attachmentId && !this.firstUrl) {
            // the viewer's own first load; every later file is fed to it
            this.firstUrl = viewerUrl(attachmentId);
            this.shownId = attachmentId;
        }
        return attachmentId;
    }

    show() {
        const iframe = this.iframeRef.el;
        const attachmentId = this.attachmentId;
        if (!iframe || !attachmentId) {
            return;
        }
        hidePDFJSButtons(iframe);
        if (attachmentId === this.shownId) {
            return;
        }
        this.shownId = attachmentId;
        this.feeding = this.feeding.then(() => this.feed(iframe, attachmentId));
    }

    async feed(iframe, attachmentId) {
        const app = await viewerApplication(iframe);
        const bytes = await pdfFile(attachmentId);
        if (this.shownId !== attachmentId || status(this) === "destroyed") {
            return; // another document came meanwhile
        }
        keepWorker(iframe);
        // pdf.js hands the bytes to its worker: a copy, the cache keeps its
        // own; typed in the viewer's own window (pdf.js checks `instanceof`)
        const data = bytes && new iframe.contentWindow.Uint8Array(bytes.slice(0));
        await settled(app);
        if (this.shownId !== attachmentId || status(this) === "destroyed") {
            return;
        }
        await app.open(data ? { data } : { url: pdfUrl(attachmentId) });
        iframe.dataset.attachmentId = attachmentId;
    }
}

// ---------------------------------------------------------------------------
// The form: prefetch, accept behind, focus
// ---------------------------------------------------------------------------

export class DeskModel extends formView.Model {
    setup(...args) {
        super.setup(...args);
        this.prefetched = new Map(); // res id -> { promise, at }
        this.fromPrefetch = false;
    }

    /** The record as the form reads it, read now (silently) for later. */
    prefetch(resId) {
        const known = this.prefetched.get(resId);
        if (known && Date.now() - known.at < PREFETCH_MAX_AGE_MS) {
            return known.promise;
        }
        const config = { ...this.config, resId, resIds: [resId] };
        const specification = getFieldsSpec(
            config.activeFields,
            config.fields,
            getBasicEvalContext(config)
        );
        const promise = this.orm.silent
            .webRead(config.resModel, [resId], {
                context: { bin_size: true, ...config.context },
                specification,
            })
            .then((records) => records[0] || null)
            .catch(() => null);
        this.prefetched.set(resId, { promise, at: Date.now() });
        return promise;
    }

    /** Documents changed on the server: what was read ahead is stale. */
    forget(resIds) {
        for (const resId of resIds) {
            this.prefetched.delete(resId);
        }
    }

    load(params) {
        // only the form's own opening of a document uses what was read ahead
        // (not a reload after a save): _loadRecords runs before the first await
        this.fromPrefetch = true;
        try {
            return super.load(params);
        } finally {
            this.fromPrefetch = false;
        }
    }

    async _loadRecords(config, evalContext) {
        const resId = config.resIds.length === 1 && config.resIds[0];
        const known = this.fromPrefetch && resId && this.prefetched.get(resId);
        if (known) {
            this.prefetched.delete(resId);
            const record = Date.now() - known.at < PREFETCH_MAX_AGE_MS && (await known.promise);
            if (record) {
                return [record];
            }
        }
        return super._loadRecords(config, evalContext);
    }
}

export class InboxFormController extends FormController {
    setup() {
        super.setup();
        // what was chosen ahead: { from: the document shown, resId: the next one }
        this.next = null;
        this.pendingAccepts = new Set();
        this.acceptQueue = Promise.resolve();
        useInboxChanges(
            async (payload) => {
                const record = this.model.root;
                if (!record.resId || !(payload?.ids || []).includes(record.resId)) {
                    return;
                }
                if (!(await record.isDirty())) {
                    await record.load();
                }
            },
            (payload) => this.model.forget(payload?.ids || [])
        );
        useBus(this.env.bus, OPEN, ({ detail }) => this.openDocument(detail.resId));
        onMounted(() => (activeDesk = this));
        onWillUnmount(() => {
            if (activeDesk === this) {
                activeDesk = null;
            }
        });
        useEffect(
            (resId) => {
                if (resId && !this.env.inDialog) {
                    this.focusFirstToCheck();
                    this.prepareNext(resId);
                }
            },
            () => [this.model.root.resId]
        );
    }

    /** Choose the next document and read it (fields and PDF) ahead. */
    async prepareNext(current) {
        const { resIds } = this.model.root;
        const index = resIds.indexOf(current);
        const following = [...resIds.slice(index + 1), ...resIds.slice(0, index)];
        let resId;
        try {
            resId = await this.env.services.orm.silent.call(
                MODEL,
                "desk_next_to_approve",
                [[current]],
                { following_ids: following, skip_ids: [...this.pendingAccepts] }
            );
        } catch {
            return; // the usual way then: the server's answer after the accept
        }
        if (status(this) === "destroyed" || this.model.root.resId !== current) {
            return;
        }
        this.next = { from: current, resId };
        if (resId) {
            const data = await this.model.prefetch(resId);
            const attachment = data?.pdf_attachment_id;
            if (attachment) {
                pdfFile(attachment.id || attachment);
            }
        }
    }

    /** The next document in this same form: no trip back to the list. The
     * one chosen ahead, else the server's. */
    async openDocument(serverNextId) {
        const { resId: current, resIds } = this.model.root;
        const chosen = this.next?.from === current && this.next.resId;
        const resId = chosen || serverNextId;
        await this.model.load({
            resId,
            resIds: resIds.includes(resId) ? resIds : [...resIds, resId],
        });
    }

    /** Whether the accept dialog of `documentId` may accept behind: it is the
     * document shown, and the next one is known. */
    canAcceptBehind(documentId) {
        const record = this.model.root;
        return (
            record.resId === documentId &&
            this.next?.from === documentId &&
            Boolean(this.next.resId) &&
            !this.pendingAccepts.has(documentId)
        );
    }

    /** Accept behind (the dialog's values) and open the next document now. */
    acceptBehind(documentId, values, context) {
        const name = this.model.root.data.name || this.model.root.data.display_name;
        const services = this.env.services;
        this.pendingAccepts.add(documentId);
        this.model.forget([documentId]);
        this.acceptQueue = trackAccept(
            documentId,
            this.acceptQueue.then(() =>
                acceptOne(services, documentId, name, values, context).finally(() =>
                    this.pendingAccepts.delete(documentId)
                )
            )
        );
        return this.openDocument(this.next.resId);
    }

    /** The cursor in the first field the accountant should check: empty
     * where a bill needs it, or read with a low confidence (its badge says
     * so). Else in the first field, ready for a correction. */
    focusFirstToCheck() {
        const sheet = this.rootRef.el?.querySelector(".o_form_sheet");
        if (!sheet || document.querySelector(".modal")) {
            return;
        }
        const inputs = [
            ...sheet.querySelectorAll(
                ".o_field_widget[name^='suggested_'] input:not([readonly]):not([type='checkbox'])"
            ),
        ].filter((input) => input.offsetParent !== null);
        const toCheck = inputs.find((input) => {
            const name = input.closest(".o_field_widget").getAttribute("name");
            const label = input.id && sheet.querySelector(`label[for='${input.id}']`);
            const flagged = label?.parentElement.querySelector(
                ".o_millennium_read_source.text-bg-warning"
            );
            return flagged || (NEEDED.includes(name) && !input.value.trim());
        });
        const target = toCheck || inputs[0];
        if (target && !target.contains(document.activeElement)) {
            target.focus();
        }
    }
}

/** One accept, behind the desk: the dialog's values saved, then accepted.
 * Its failure comes back to the accountant, whatever page they are on. */
async function acceptOne(services, documentId, name, values, context) {
    const { orm, notification, action } = services;
    // the desk already opened the next document: no "open the next" answer
    const acceptContext = { ...context, millennium_desk_next: false };
    try {
        const [wizard] = await orm.silent.webSave("millennium.inbox.accept", [], values, {
            context: acceptContext,
            specification: {},
        });
        await orm.silent.call("millennium.inbox.accept", "action_accept", [[wizard.id]], {
            context: acceptContext,
        });
    } catch (error) {
        const reason = error?.data?.message || error?.message || String(error);
        const close = notification.add(reason, {
            title: _t("Not accepted: %(name)s", { name }),
            type: "danger",
            sticky: true,
            buttons: [
                {
                    name: _t("Open it"),
                    primary: true,
                    onClick: () => {
                        close();
                        action.doAction({
                            type: "ir.actions.act_window",
                            res_model: MODEL,
                            res_id: documentId,
                            views: [[false, "form"]],
                        });
                    },
                },
            ],
        });
    }
}

export class InboxFormRenderer extends FormRenderer {
    setup() {
        super.setup();
        this.mailComponents = { ...this.mailComponents, AttachmentView: DeskPreview };
        useSubEnv({ millenniumDeskRecord: () => this.props.record });
    }

    /** The document's PDF is known with its fields: the preview's place is
     * kept from the first paint (Odoo waits for the chatter's attachments,
     * showing the form without it meanwhile). */
    hasFile() {
        return Boolean(this.props.record.data.pdf_attachment_id) || super.hasFile();
    }

    /** Odoo shows the attachment beside the form from 1534 px (XXL); an
     * accountant's 1280 px screen deserves it too. */
    mailLayout(hasAttachmentContainer) {
        const layout = super.mailLayout(hasAttachmentContainer);
        if (
            layout === "BOTTOM_CHATTER" &&
            hasAttachmentContainer &&
            this.uiService.size >= SIZES.XL &&
            this.hasFile()
        ) {
            return "COMBO";
        }
        return layout;
    }
}

registry.category("views").add("millennium_inbox_form", {
    ...formView,
    Model: DeskModel,
    Controller: InboxFormController,
    Renderer: InboxFormRenderer,
});

/** Server answer "open this document" (after accept/reject, or "Next"). */
registry.category("actions").add("millennium_inbox.open_document", (env, action) => {
    const { res_id: resId, close_dialog: closeDialog } = action.params;
    env.bus.trigger(OPEN, { resId });
    if (closeDialog) {
        return { type: "ir.actions.act_window_close", infos: { noReload: true } };
    }
});

// ---------------------------------------------------------------------------
// The accept dialog
// ---------------------------------------------------------------------------

export class AcceptFormController extends FormController {
    /** On the desk, Accept of one document: the dialog closes and the next
     * document opens now; the accept runs behind (see acceptOne). */
    async beforeExecuteActionButton(clickParams) {
        const record = this.model.root;
        const documentIds = record.data.document_ids?.currentIds || [];
        const desk = activeDesk;
        if (
            clickParams.name !== "action_accept" ||
            !this.props.context.millennium_desk_next ||
            documentIds.length !== 1 ||
            !desk?.canAcceptBehind(documentIds[0])
        ) {
            return super.beforeExecuteActionButton(clickParams);
        }
        await this.model._askChanges();
        if (!(await record.checkValidity({ displayNotification: true }))) {
            return false;
        }
        const values = record._getChanges();
        // closed without the desk's form reloading the accepted document
        await this.env.services.action.doAction({
            type: "ir.actions.act_window_close",
            infos: { noReload: true },
        });
        await desk.acceptBehind(documentIds[0], values, this.props.context);
        return false;
    }
}

registry.category("views").add("millennium_inbox_accept_form", {
    ...formView,
    Controller: AcceptFormController,
});
