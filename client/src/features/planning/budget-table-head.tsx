// The columns of a programme's budget table, on screen (budget-panel.tsx) and in print.
export function BudgetTableHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Categoría</th>
        <th scope="col" className="num">
          Techo
        </th>
        <th scope="col" className="num">
          Planificado
        </th>
        <th scope="col" className="num">
          Saldo
        </th>
      </tr>
    </thead>
  );
}
