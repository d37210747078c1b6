import { Link } from 'react-router';
import { useDocumentTitle } from '../lib/use-document-title.ts';

export function NotFoundPage() {
  useDocumentTitle('Página no encontrada');
  return (
    <section className="page">
      <h1 className="page__title">Página no encontrada</h1>
      <p>La dirección solicitada no corresponde a ninguna sección de Abastece.</p>
      <p>
        <Link to="/">Ir al inicio</Link>
      </p>
    </section>
  );
}
