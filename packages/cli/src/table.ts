import Table from "cli-table3";

/** A borderless, kubectl-like table: upper-case headers, columns padded, no colours when piped. */
function renderTable(headers: string[], rows: string[][]): string {
  const table = new Table({
    head: headers.map((header) => header.toUpperCase()),
    chars: {
      top: "", "top-mid": "", "top-left": "", "top-right": "", bottom: "", "bottom-mid": "", "bottom-left": "",
      "bottom-right": "", left: "", "left-mid": "", mid: "", "mid-mid": "", right: "", "right-mid": "", middle: "   ",
    },
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  });
  table.push(...rows);
  return table.toString().split("\n").map((line) => line.trimEnd()).join("\n");
}

export { renderTable };
