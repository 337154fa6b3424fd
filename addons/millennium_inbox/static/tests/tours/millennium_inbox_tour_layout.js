/* What the layout tours (desk layout, lists) measure on screen. */

/** How many lines the element's text takes: its distinct line boxes (icons
 * have no text node). */
export function textLines(element) {
    const tops = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) {
            continue;
        }
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of range.getClientRects()) {
            if (!tops.some((top) => Math.abs(top - rect.top) < rect.height / 2)) {
                tops.push(rect.top);
            }
        }
    }
    return tops.length;
}
