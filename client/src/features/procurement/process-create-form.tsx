// "Nuevo proceso": code, title, channel, segment (MINSA corporate purchases only) and type, checked
// with the schema the server parses with; the server's refusals (a duplicate code) land on their field.
import { useQueryClient } from '@tanstack/react-query';
import { useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { channelLabels, channels, processLabels, processes, segmentLabels, segments } from '../../../../shared/domain.ts';
import type { ProcessDto } from '../../../../shared/procurement-api.ts';
import { processCreateSchema } from '../../../../shared/procurement-schemas.ts';
import { postJson } from '../../platform/api/api-client.ts';
import { FormSelectField, FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { invalidateAfterProcessWrite } from './procurement-queries.ts';

interface CreateValues {
  code: string;
  title: string;
  channel: string;
  segment: string;
  type: string;
}

const FIELDS = ['code', 'title', 'channel', 'segment', 'type'] as const;

export function ProcessCreateForm({ programmeId, onClose }: { programmeId: number; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useSchemaForm<CreateValues, typeof processCreateSchema>({
    schema: processCreateSchema,
    defaultValues: { code: '', title: '', channel: '', segment: '', type: '' },
    toInput: (values) => ({
      code: values.code,
      title: values.title,
      channel: values.channel || undefined,
      // A segment chosen before switching to EsSalud no longer applies.
      segment: values.channel === 'minsa_corporate' ? values.segment || null : null,
      type: values.type || undefined,
    }),
  });
  const channel = useWatch({ control: form.control, name: 'channel' });
  const submit = form.handleSubmit(async (input) => {
    try {
      const created = await postJson<ProcessDto>(`/programmes/${programmeId}/processes`, input);
      await invalidateAfterProcessWrite(queryClient, programmeId, { gridPatched: true });
      navigate(`/procesos/${created.id}`);
    } catch (error) {
      showRequestError(form, error, FIELDS);
    }
  });

  return (
    <form className="panel process-create" onSubmit={submit} noValidate aria-labelledby="process-create-title" data-testid="process-create-form">
      <h2 id="process-create-title" className="panel__title">
        Nuevo proceso
      </h2>
      <div className="process-create__fields">
        <FormTextField
          control={form.control}
          name="code"
          label="Código"
          autoComplete="off"
          hint="Como lo publica el SEACE, p. ej. LP SIP 018-2011-DARES/MINSA"
        />
        <FormTextField control={form.control} name="title" label="Título" autoComplete="off" />
        <FormSelectField
          control={form.control}
          name="channel"
          label="Canal"
          placeholder="Elija el canal"
          options={channels.map((value) => ({ value, label: channelLabels[value] }))}
        />
        <FormSelectField
          control={form.control}
          name="segment"
          label="Segmento"
          placeholder={channel === 'minsa_corporate' ? 'Elija el segmento' : 'Sin segmento'}
          options={channel === 'minsa_corporate' ? segments.map((value) => ({ value, label: segmentLabels[value] })) : []}
          disabled={channel !== 'minsa_corporate'}
          hint="Solo la Compra Corporativa MINSA lleva segmento."
        />
        <FormSelectField
          control={form.control}
          name="type"
          label="Tipo de proceso"
          placeholder="Elija el tipo"
          options={processes.map((value) => ({ value, label: processLabels[value] }))}
        />
      </div>
      <FormSummary control={form.control} testId="process-create-error" />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Creando…' : 'Crear proceso'}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancelar
        </button>
      </div>
    </form>
  );
}
