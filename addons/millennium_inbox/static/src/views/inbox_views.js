/**
 * The accountant's desk: the Inbox's list, kanban and form refresh when the
 * background job reports (Odoo's bus), the form shows the document beside
 * its fields from 1200 px, and accepting or rejecting opens the next
 * document to approve in the same form.
 */
import { onWillDestroy } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { SIZES } from "@web/core/ui/ui_service";
import { useBus, useService } from "@web/core/utils/hooks";
import { useDebounced } from "@web/core/utils/timing";
import { FormController } from "@web/views/form/form_controller";
import { FormRenderer } from "@web/views/form/form_renderer";
import { formView } from "@web/views/form/form_view";
import { KanbanController } from "@web/views/kanban/kanban_controller";
import { kanbanView } from "@web/views/kanban/kanban_view";
import { ListController } from "@web/views/list/list_controller";
import { listView } from "@web/views/list/list_view";

const CHANGED = "millennium_inbox/changed";
const OPEN = "MILLENNIUM_INBOX:open_document";

/** Call `refresh` (at most twice a second) when the job changed documents. */
function useInboxChanges(refresh) {
    const busService = useService("bus_service");
    const debounced = useDebounced(refresh, 500);
    const onChange = (payload) => debounced(payload);
    busService.subscribe(CHANGED, onChange);
    onWillDestroy(() => busService.unsubscribe(CHANGED, onChange));
}

export class InboxListController extends ListController {
    setup() {
        super.setup();
        useInboxChanges(() => {
            if (!this.model.root.editedRecord) {
                return this.model.load();
            }
        });
    }
}

export class InboxKanbanController extends KanbanController {
    setup() {
        super.setup();
        useInboxChanges(() => this.model.load());
    }
}

export class InboxFormController extends FormController {
    setup() {
        super.setup();
        useInboxChanges(async (payload) => {
            const record = this.model.root;
            if (!record.resId || !(payload?.ids || []).includes(record.resId)) {
                return;
            }
            if (!(await record.isDirty())) {
                await record.load();
            }
        });
        useBus(this.env.bus, OPEN, ({ detail }) => this.openDocument(detail.resId));
    }

    /** The next document in this same form: no trip back to the list. The
     * next one waiting in the list the user came from, else the server's. */
    async openDocument(serverNextId) {
        const { resId: current, resIds } = this.model.root;
        const index = resIds.indexOf(current);
        const following = [...resIds.slice(index + 1), ...resIds.slice(0, index)];
        let resId = serverNextId;
        if (following.length) {
            const waiting = await this.orm.search(this.props.resModel, [
                ["id", "in", following],
                ["state", "=", "to_approve"],
            ]);
            resId = following.find((id) => waiting.includes(id)) || serverNextId;
        }
        await this.model.load({
            resId,
            resIds: resIds.includes(resId) ? resIds : [...resIds, resId],
        });
    }
}

export class InboxFormRenderer extends FormRenderer {
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

registry.category("views").add("millennium_inbox_list", {
    ...listView,
    Controller: InboxListController,
});
registry.category("views").add("millennium_inbox_kanban", {
    ...kanbanView,
    Controller: InboxKanbanController,
});
registry.category("views").add("millennium_inbox_form", {
    ...formView,
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
