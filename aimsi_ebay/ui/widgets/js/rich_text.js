// The SKU editor's rich-text description editor: an anywidget view around TipTap (ProseMirror).
//
// Bundled by build.sh into ../static/rich_text.js (one ES module, no imports left), so the widget
// works offline inside Voilà: nothing is fetched at run time.
//
// Model traits (see rich_text.py): value (HTML), is_open (bool), target_class (the CSS class of the
// Description box whose right-click opens the editor), button_label, _dom_classes (from add_class).
// The editor is a modal <dialog>: it sits in the browser's top layer, so no output-area CSS can
// clip it. Apply writes the HTML back to `value`; Cancel (or Escape) discards the draft.

import { Editor } from "@tiptap/core";
import Image from "@tiptap/extension-image";
import { Table, TableCell, TableHeader, TableRow } from "@tiptap/extension-table";
import StarterKit from "@tiptap/starter-kit";

// [label, class suffix, title, run(editor), isActive(editor) | null]
const MARKS = [
  ["B", "bold", "Bold (Ctrl+B)", (e) => e.chain().focus().toggleBold().run(), (e) => e.isActive("bold")],
  ["I", "italic", "Italic (Ctrl+I)", (e) => e.chain().focus().toggleItalic().run(), (e) => e.isActive("italic")],
  ["U", "underline", "Underline (Ctrl+U)", (e) => e.chain().focus().toggleUnderline().run(), (e) => e.isActive("underline")],
];
const BLOCKS = [
  ["H2", "h2", "Heading", (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), (e) => e.isActive("heading", { level: 2 })],
  ["H3", "h3", "Sub-heading", (e) => e.chain().focus().toggleHeading({ level: 3 }).run(), (e) => e.isActive("heading", { level: 3 })],
  ["¶", "paragraph", "Normal text", (e) => e.chain().focus().setParagraph().run(), (e) => e.isActive("paragraph")],
  ["• List", "bullet-list", "Bulleted list", (e) => e.chain().focus().toggleBulletList().run(), (e) => e.isActive("bulletList")],
  ["1. List", "ordered-list", "Numbered list", (e) => e.chain().focus().toggleOrderedList().run(), (e) => e.isActive("orderedList")],
];
const TABLE = [
  ["Table", "table", "Insert a 3×3 table with a header row",
    (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(), null],
  ["+Row", "add-row", "Add a row below", (e) => e.chain().focus().addRowAfter().run(), null],
  ["+Col", "add-column", "Add a column to the right", (e) => e.chain().focus().addColumnAfter().run(), null],
  ["−Row", "delete-row", "Delete this row", (e) => e.chain().focus().deleteRow().run(), null],
  ["−Col", "delete-column", "Delete this column", (e) => e.chain().focus().deleteColumn().run(), null],
  ["×Table", "delete-table", "Delete this table", (e) => e.chain().focus().deleteTable().run(), null],
];
const HISTORY = [
  ["↶", "undo", "Undo (Ctrl+Z)", (e) => e.chain().focus().undo().run(), null],
  ["↷", "redo", "Redo (Ctrl+Shift+Z)", (e) => e.chain().focus().redo().run(), null],
];

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Drop the empty paragraphs the editor keeps at the end (an empty editor gives "<p></p>"). */
function normalise(html) {
  return html.replace(/(<p><\/p>)+$/, "").trim();
}

function render({ model, el }) {
  el.classList.add("rte");
  const launcher = element("div", "rte-launcher");
  const openButton = element("button", "rte-open", model.get("button_label"));
  openButton.type = "button";
  openButton.title = "Open the formatted (HTML) editor. You can also right-click the description.";
  const hint = element("span", "rte-hint", "or right-click the description");
  launcher.append(openButton, hint);

  const dialog = element("dialog", "rte-dialog");
  dialog.setAttribute("aria-label", "Formatted description editor");
  const toolbar = element("div", "rte-toolbar");
  toolbar.setAttribute("role", "toolbar");
  const urlBar = element("form", "rte-urlbar");
  const urlLabel = element("label", "rte-url-label");
  const urlText = element("span", "rte-url-text");
  const urlInput = element("input", "rte-url-input");
  urlInput.type = "url";
  urlInput.placeholder = "https://…";
  const urlOk = element("button", "rte-url-ok", "OK");
  urlOk.type = "submit";
  const urlCancel = element("button", "rte-url-cancel", "Cancel");
  urlCancel.type = "button";
  urlLabel.append(urlText, urlInput);
  urlBar.append(urlLabel, urlOk, urlCancel);
  urlBar.hidden = true;
  const content = element("div", "rte-content");
  const source = element("textarea", "rte-source");
  source.spellcheck = false;
  source.hidden = true;
  source.setAttribute("aria-label", "HTML source");
  const footer = element("div", "rte-footer");
  const note = element("span", "rte-note",
    "Scripts, forms and plain-http links are removed when the description is saved.");
  const cancel = element("button", "rte-cancel", "Cancel");
  cancel.type = "button";
  const apply = element("button", "rte-apply", "Apply");
  apply.type = "button";
  footer.append(note, cancel, apply);
  dialog.append(toolbar, urlBar, content, source, footer);
  el.append(launcher, dialog);

  const editor = new Editor({
    element: content,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        link: { openOnClick: false, autolink: true, defaultProtocol: "https" },
      }),
      Image.configure({ inline: false, allowBase64: false }),
      Table.configure({ resizable: false }),
      TableRow,
      TableHeader,
      TableCell,
    ],
    content: model.get("value"),
  });

  const buttons = [];
  function addGroup(group) {
    const box = element("span", "rte-group");
    for (const [label, name, title, run, isActive] of group) {
      const button = element("button", `rte-btn rte-btn-${name}`, label);
      button.type = "button";
      button.title = title;
      button.setAttribute("aria-label", title);
      // Keep the focus and selection in the text: a click on a button must not take them.
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", () => run(editor));
      box.append(button);
      buttons.push([button, name, isActive]);
    }
    toolbar.append(box);
  }
  addGroup(MARKS);
  addGroup(BLOCKS);

  // Links and pictures by address: an inline bar rather than window.prompt.
  let urlAction = null;
  function askUrl(label, initial, action) {
    urlText.textContent = label;
    urlInput.value = initial || "";
    urlAction = action;
    urlBar.hidden = false;
    urlInput.focus();
  }
  function closeUrl() {
    urlBar.hidden = true;
    urlAction = null;
  }
  urlBar.addEventListener("submit", (event) => {
    event.preventDefault();
    const action = urlAction;
    const url = urlInput.value.trim();
    closeUrl();
    if (action) action(url);
  });
  urlCancel.addEventListener("click", () => { closeUrl(); editor.commands.focus(); });
  addGroup([
    ["Link", "link", "Link the selected text (an empty address removes the link)", (e) =>
      askUrl("Link address", e.getAttributes("link").href, (url) => {
        const chain = e.chain().focus().extendMarkRange("link");
        (url ? chain.setLink({ href: url }) : chain.unsetLink()).run();
      }), (e) => e.isActive("link")],
    ["Picture", "image", "Insert a picture by its address (https://…)", (e) =>
      askUrl("Picture address", "", (url) => {
        if (url) e.chain().focus().setImage({ src: url }).run();
      }), null],
  ]);
  addGroup(TABLE);
  addGroup(HISTORY);

  const sourceToggle = element("button", "rte-btn rte-source-toggle", "HTML");
  sourceToggle.type = "button";
  sourceToggle.title = "Show or edit the HTML source";
  sourceToggle.setAttribute("aria-pressed", "false");
  toolbar.append(sourceToggle);

  let sourceMode = false;
  function refreshToolbar() {
    for (const [button, name, isActive] of buttons) {
      const tableOnly = name.startsWith("add-") || name.startsWith("delete-");
      button.disabled = sourceMode || (tableOnly && !editor.isActive("table"));
      if (isActive) button.setAttribute("aria-pressed", String(Boolean(isActive(editor))));
    }
  }
  function setSourceMode(on) {
    if (on === sourceMode) return;
    if (on) {
      source.value = normalise(editor.getHTML());
    } else {
      editor.commands.setContent(source.value);
    }
    sourceMode = on;
    source.hidden = !on;
    content.hidden = on;
    sourceToggle.setAttribute("aria-pressed", String(on));
    closeUrl();
    refreshToolbar();
    (on ? source : editor.view.dom).focus();
  }
  sourceToggle.addEventListener("click", () => setSourceMode(!sourceMode));
  editor.on("transaction", refreshToolbar);

  // The source view's HTML is kept as typed when applied from there: the editor's schema would
  // drop tags it does not know (<font>, <center>); the sanitiser on save decides what stays.
  function currentHtml() {
    return sourceMode ? source.value.trim() : normalise(editor.getHTML());
  }

  function showDialog() {
    if (dialog.open) return;
    editor.commands.setContent(model.get("value"));
    setSourceMode(false);
    closeUrl();
    dialog.showModal();
    editor.commands.focus("end");
  }
  function hideDialog() {
    if (dialog.open) dialog.close();
  }
  function setOpen(open) {
    model.set("is_open", open);
    model.save_changes();
  }
  apply.addEventListener("click", () => {
    model.set("value", currentHtml());
    setOpen(false);
  });
  cancel.addEventListener("click", () => setOpen(false));
  dialog.addEventListener("cancel", (event) => {  // Escape
    event.preventDefault();
    setOpen(false);
  });
  openButton.addEventListener("click", () => setOpen(true));

  // Right-click in the Description box (any element with target_class in the same notebook, or
  // this widget's launcher) opens the editor; Shift+right-click keeps the browser's own menu.
  function onContextMenu(event) {
    if (event.shiftKey || dialog.contains(event.target)) return;
    const targetClass = model.get("target_class");
    const scope = el.closest(".jp-Notebook") || document.body;
    const hit = launcher.contains(event.target) ||
      (targetClass && scope.contains(event.target) && event.target.closest?.(`.${CSS.escape(targetClass)}`));
    if (!hit) return;
    event.preventDefault();
    setOpen(true);
  }
  document.addEventListener("contextmenu", onContextMenu, true);

  // Classes from add_class() also name the dialog ("<class>-dialog"), for tests and styling.
  let dialogClasses = [];
  function syncClasses() {
    dialog.classList.remove(...dialogClasses);
    dialogClasses = (model.get("_dom_classes") || []).map((name) => `${name}-dialog`);
    dialog.classList.add(...dialogClasses);
  }
  syncClasses();

  const onOpen = () => (model.get("is_open") ? showDialog() : hideDialog());
  const onValue = () => { if (!dialog.open) editor.commands.setContent(model.get("value")); };
  const onLabel = () => { openButton.textContent = model.get("button_label"); };
  model.on("change:is_open", onOpen);
  model.on("change:value", onValue);
  model.on("change:button_label", onLabel);
  model.on("change:_dom_classes", syncClasses);
  refreshToolbar();
  onOpen();

  return () => {
    document.removeEventListener("contextmenu", onContextMenu, true);
    model.off("change:is_open", onOpen);
    model.off("change:value", onValue);
    model.off("change:button_label", onLabel);
    model.off("change:_dom_classes", syncClasses);
    editor.destroy();
  };
}

export default { render };
