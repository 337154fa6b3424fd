/**
 * The Inbox's list and kanban refresh when the background job reports
 * (Odoo's bus). The document form (the desk) is in desk.js.
 */
import { onWillDestroy } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useDebounced } from "@web/core/utils/timing";
import { KanbanController } from "@web/views/kanban/kanban_controller";
import { kanbanView } from "@web/views/kanban/kanban_view";
import { ListController } from "@web/views/list/list_controller";
import { listView } from "@web/views/list/list_view";

const CHANGED = "millennium_inbox/changed";

/** Call `refresh` (at most twice a second) when the job changed documents;
 * `now` at once with each notification. */
export function useInboxChanges(refresh, now = () => {}) {
    const busService = useService("bus_service");
    const debounced = useDebounced(refresh, 500);
    const onChange = (payload) => {
        now(payload);
        debounced(payload);
    };
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

registry.category("views").add("millennium_inbox_list", {
    ...listView,
    Controller: InboxListController,
});
registry.category("views").add("millennium_inbox_kanban", {
    ...kanbanView,
    Controller: InboxKanbanController,
});
