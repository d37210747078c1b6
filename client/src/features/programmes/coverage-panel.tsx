// How much of the formulary the programme's purchase lines cover, per supply list, and why there
// can be more purchase lines than items (items bought through both channels).
import { Link } from 'react-router';
import type { CoverageRow, ProgrammeCoverage } from '../../../../shared/api.ts';
import { supplyListLabels, supplyLists } from '../../../../shared/domain.ts';
import { formatCount } from '../../platform/lib/format.ts';
import { explainCoverageRow } from './coverage-sentences.ts';

export function CoveragePanel({ coverage, programmeId }: { coverage: ProgrammeCoverage; programmeId: number }) {
  const rows = [...coverage.rows].sort(
    (a, b) => supplyLists.indexOf(a.supplyList) - supplyLists.indexOf(b.supplyList),
  );
  const sentences = rows.map((row) => ({ key: row.supplyList, text: explainCoverageRow(row, coverage.bothChannels) }));

  return (
    <div className="coverage">
      <div className="table-scroll table-scroll--auto" role="region" aria-label="Cobertura del petitorio" tabIndex={0}>
        <table className="data-table coverage-table" data-testid="coverage-table">
          <caption className="visually-hidden">Cobertura del petitorio por cartilla de suministro</caption>
          <thead>
            <tr>
              <th scope="col">Lista</th>
              <th scope="col" className="num">
                Ítems
              </th>
              <th scope="col" className="num">
                Cubiertos
              </th>
              <th scope="col" className="num">
                No cubiertos
              </th>
              <th scope="col" className="num">
                Ambos canales
              </th>
              <th scope="col" className="num">
                Líneas de compra
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.supplyList} data-testid={`coverage-row-${row.supplyList}`}>
                <th scope="row">{supplyListLabels[row.supplyList]}</th>
                <CoverageFigures figures={row} testSuffix={row.supplyList} />
              </tr>
            ))}
            <tr className="row-total" data-testid="coverage-row-total">
              <th scope="row">Total</th>
              <CoverageFigures figures={coverage.totals} testSuffix="total" />
            </tr>
          </tbody>
        </table>
      </div>
      <div className="coverage__notes" data-testid="coverage-explanation">
        {sentences.map(({ key, text }) => (
          <p key={key} data-testid={`coverage-sentence-${key}`}>
            {text}
          </p>
        ))}
        <p>
          <Link to={`/programas/${programmeId}/cobertura`} data-testid="coverage-detail-link">
            Ver la cobertura por cartilla, grupo terapéutico y VEN, ítem por ítem
          </Link>
        </p>
      </div>
    </div>
  );
}

function CoverageFigures({ figures, testSuffix }: { figures: Omit<CoverageRow, 'supplyList'>; testSuffix: string }) {
  return (
    <>
      <td className="num" data-testid={`coverage-items-${testSuffix}`}>
        {formatCount(figures.items)}
      </td>
      <td className="num" data-testid={`coverage-covered-${testSuffix}`}>
        {formatCount(figures.covered)}
      </td>
      <td className={`num${figures.notCovered > 0 ? ' is-warning' : ''}`} data-testid={`coverage-not-covered-${testSuffix}`}>
        {formatCount(figures.notCovered)}
      </td>
      <td className="num" data-testid={`coverage-both-${testSuffix}`}>
        {formatCount(figures.coveredByBoth)}
      </td>
      <td className="num" data-testid={`coverage-lines-${testSuffix}`}>
        {formatCount(figures.lines)}
      </td>
    </>
  );
}
