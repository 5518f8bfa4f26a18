import type { PrintReport as PrintModel } from '../../review/print-model.ts';

/**
 * The A4 review-meeting report, one <section> per printed page (the print
 * stylesheet breaks after each): heading, column headings, rows, and
 * "page n of m" at the foot. Rendered only while printing.
 */
export function PrintReport({ model }: { readonly model: PrintModel }) {
  return (
    <div className="print-report">
      {model.pages.map((page) => (
        <section className="print-page" key={page.number}>
          <header>
            <h1>{model.title}</h1>
            <p>{model.asOf}</p>
            <h2>
              {page.sectionTitle}
              {page.continued ? ' …' : ''}
            </h2>
          </header>
          <table>
            <thead>
              <tr>
                {page.columns.map((c, i) => (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i}>{cell}</td>
                  ))}
                </tr>
              ))}
              {page.totals && (
                <tr className="totals">
                  {page.totals.map((cell, i) => (
                    <td key={i}>{cell}</td>
                  ))}
                </tr>
              )}
            </tbody>
          </table>
          <footer className="page-number">{page.label}</footer>
        </section>
      ))}
    </div>
  );
}
