import type { PrintReport as PrintModel } from '../../review/print-model.ts';

/**
 * The review-meeting report (rendered only while printing): heading, as-of
 * time, then each table with its headings and totals. The sheets are laid out
 * by the browser (pendency-print.css); the style below puts "page n of m", in
 * the chosen language, at the foot of every sheet.
 */
export function PrintReport({ model }: { readonly model: PrintModel }) {
  return (
    <div className="print-report">
      <style>{`@page { @bottom-center { content: ${model.pageCounter}; } }`}</style>
      <h1>{model.title}</h1>
      <p className="as-of">{model.asOf}</p>
      {model.sections.map((section) => (
        <section className={`print-section ${section.kind}`} key={section.kind}>
          <h2>{section.title}</h2>
          <table>
            <thead>
              <tr>
                {section.columns.map((c, i) => (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {section.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i}>{cell}</td>
                  ))}
                </tr>
              ))}
              {section.totals && (
                <tr className="totals">
                  {section.totals.map((cell, i) => (
                    <td key={i}>{cell}</td>
                  ))}
                </tr>
              )}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
