// Sortable tables, as a progressive enhancement (after the Ministry of Justice design
// system's sortable table): a table marked data-sortable gets a button in each column
// header marked data-sort ("text" or "number"); pressing it sorts the rows by that
// column, and aria-sort tells screen readers how the table is sorted. With no script
// the table is a plain table in the order it was written.
//
// A cell's data-sort-value, when it has one, is what it is sorted by: the number
// behind "1,234" or "49%".
export function enhanceSortableTables (root = document) {
  for (const table of root.querySelectorAll('table[data-sortable]')) {
    const headers = [...table.querySelectorAll('thead th')]
    headers.forEach((th, column) => {
      if (!th.dataset.sort) return
      const button = document.createElement('button')
      button.type = 'button'
      button.className = 'iaptpub-sort-button'
      button.textContent = th.textContent
      th.textContent = ''
      th.append(button)
      th.setAttribute('aria-sort', th.getAttribute('aria-sort') || 'none')
      button.addEventListener('click', () => {
        const ascending = th.getAttribute('aria-sort') !== 'ascending'
        for (const other of headers) if (other.dataset.sort) other.setAttribute('aria-sort', 'none')
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending')
        sortRows(table, column, th.dataset.sort === 'number', ascending)
      })
    })
  }
}

function sortRows (table, column, numeric, ascending) {
  const body = table.tBodies[0]
  const key = row => {
    const cell = row.children[column]
    const value = cell.dataset.sortValue ?? cell.textContent.trim()
    return numeric ? parseFloat(value) : value.toLowerCase()
  }
  const rows = [...body.rows]
  rows.sort((a, b) => {
    const x = key(a)
    const y = key(b)
    const order = numeric ? x - y : x.localeCompare(y)
    return ascending ? order : -order
  })
  body.append(...rows)
}
