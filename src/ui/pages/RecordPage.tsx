import { mayRead } from '@domain/grades.ts';
import { asRecordId } from '@domain/ids.ts';
import { correspondenceFlags } from '@domain/note-references.ts';
import type { RecordState } from '@domain/record.ts';
import { AttachReceipt } from '../components/AttachReceipt.tsx';
import { Conflicts } from '../components/Conflicts.tsx';
import { Correspondence } from '../components/Correspondence.tsx';
import { CopyNotice } from '../components/copies/CopyNotice.tsx';
import { DraftEditor } from '../components/DraftEditor.tsx';
import { DraftLetters } from '../components/letters/DraftLetters.tsx';
import { ExportFile } from '../components/ExportFile.tsx';
import { MovementHistory } from '../components/MovementHistory.tsx';
import { HopTimeline } from '../components/review/HopTimeline.tsx';
import { CloseVolume } from '../components/CloseVolume.tsx';
import { LinkedFiles } from '../components/links/LinkedFiles.tsx';
import { AttachedFiles } from '../components/links/AttachedFiles.tsx';
import { NoteSheet } from '../components/NoteSheet.tsx';
import { PrintNoteSheet } from '../components/PrintNoteSheet.tsx';
import { RecordPullAlarm } from '../components/PullAlarm.tsx';
import { RecordActions } from '../components/RecordActions.tsx';
import { RecordHeader } from '../components/RecordHeader.tsx';
import { useDraft } from '../hooks/useDraft.ts';
import { useFileLinks } from '../hooks/useFileLinks.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useMarkOpened } from '../hooks/useMarkOpened.ts';
import { useReceiptStates } from '../hooks/useReceiptStates.ts';
import { useRecordState } from '../hooks/useRecordState.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { allowedActionsFor } from '../record-actions.ts';
import { ReceiptPanel } from '../components/ReceiptPanel.tsx';
import { ScanPanel } from '../components/scans/ScanPanel.tsx';
import { SecurityPanel } from '../components/SecurityPanel.tsx';

/** `/r/:id`: a file (note sheet, draft, correspondence, movement) or a receipt. */
export function RecordPage({ id }: { readonly id: string }) {
  const { t } = useI18n();
  const me = useSignedIn().deviceContext.person.id;
  const recordId = asRecordId(id);
  const found = useRecordState(recordId);
  // A shared tablet also holds others' confidential records: shown only to those on the list.
  const withheld = found != null && !mayRead(found, me);
  const state = withheld ? null : found;
  useMarkOpened(state);
  if (state === undefined) return <p>{t('app.loading')}</p>;
  return (
    <>
      <RecordPullAlarm recordId={recordId} />
      {withheld ? (
        <p role="alert">{t('grade.notOnList')}</p>
      ) : state === null ? (
        <p role="alert">{t('app.recordNotFound')}</p>
      ) : state.meta.kind === 'file' ? (
        <FileView state={state} />
      ) : (
        <ReceiptView state={state} />
      )}
    </>
  );
}

function FileView({ state }: { readonly state: RecordState }) {
  const { deviceContext } = useSignedIn();
  const draft = useDraft(state.meta.id);
  const receiptStates = useReceiptStates(state.receipts);
  const links = useFileLinks(state);
  const receiptScans = [...receiptStates.values()].reduce((n, s) => n + s.attachments.length, 0);
  const canNote = allowedActionsFor(state, deviceContext.person.id, deviceContext.person.role).note;
  return (
    <article className="record file">
      <RecordHeader state={state} />
      <CopyNotice state={state} />
      <Conflicts state={state} draft={canNote ? draft : null} />
      <div className="record-columns">
        <div className="record-main">
          <NoteSheet
            recordId={state.meta.id}
            notes={state.notes}
            volumes={state}
            flags={correspondenceFlags(state.receipts)}
            files={links.numbers}
          >
            {canNote && <DraftEditor draft={draft} />}
          </NoteSheet>
          <RecordActions state={state} draft={canNote ? draft : null} />
          <CloseVolume state={state} />
          <PrintNoteSheet state={state} />
        </div>
        <aside className="record-side">
          <Correspondence receipts={state.receipts} states={receiptStates} />
          <AttachReceipt state={state} />
          <LinkedFiles state={state} links={links} />
          <AttachedFiles state={state} />
          <DraftLetters state={state} receiptStates={receiptStates} />
          <ScanPanel state={state} receiptScans={receiptScans} />
          <HopTimeline hops={state.hops} />
          <MovementHistory recordId={state.meta.id} hops={state.hops} />
          <SecurityPanel state={state} />
          <ExportFile state={state} />
        </aside>
      </div>
    </article>
  );
}

function ReceiptView({ state }: { readonly state: RecordState }) {
  return (
    <article className="record receipt">
      <RecordHeader state={state} />
      <Conflicts state={state} draft={null} />
      <ReceiptPanel state={state} />
      <ScanPanel state={state} />
      <RecordActions state={state} draft={null} />
      <SecurityPanel state={state} />
      <HopTimeline hops={state.hops} />
      <MovementHistory recordId={state.meta.id} hops={state.hops} />
    </article>
  );
}
