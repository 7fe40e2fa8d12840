// The two dialogs of a vote's card. "Cancel the vote …?" (chairs): why, 1–300 characters, as it
// is recorded in the protocol; "Keep the vote" or "Cancel the vote". "Report a problem" (eligible
// voters while it runs): I could not hear, I could not see or something else, optional details
// up to 500 characters, "Send report". Modal dialogs that check what is typed and call back; they
// send nothing themselves.
import { useState } from 'react';
import { Button, Dialog, Heading, Label, Modal, ModalOverlay, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { cleanPollText, textLength } from '../../client/polls';
import { checkReason, MAX_PROBLEM_TEXT_CHARS } from '../../client/votes';
import type { Problem } from '../../protocol/generated';
import { RadioItem } from '../components/Choice';
import { Field } from '../components/Field';
import '../components/dialogs.css';
import './VoteCard.css';

export interface CancelVoteDialogProps {
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  topic: string;
  onCancelVote(reason: string): void;
}

function CancelVoteForm({ topic, onCancelVote }: Pick<CancelVoteDialogProps, 'topic' | 'onCancelVote'>) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [checked, setChecked] = useState(false);
  const result = checkReason(text);
  const problem = !checked || 'reason' in result ? null : result.problem === 'empty' ? t('votes.cancel.reasonEmpty') : t('votes.cancel.reasonTooLong');
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        setChecked(true);
        if ('reason' in result) onCancelVote(result.reason);
      }}
    >
      <Heading slot="title" className="dialog-title">
        {t('votes.cancel.title', { topic })}
      </Heading>
      <p>{t('votes.cancel.body')}</p>
      <Field label={t('votes.cancel.reason')} value={text} onChange={setText} multiline rows={3} error={problem} autoFocus />
      <div className="dialog-actions">
        <Button className="btn" slot="close">
          {t('votes.cancel.keep')}
        </Button>
        <Button className="btn btn-danger" type="submit">
          {t('votes.cancel.confirm')}
        </Button>
      </div>
    </form>
  );
}

export function CancelVoteDialog({ isOpen, onOpenChange, topic, onCancelVote }: CancelVoteDialogProps) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable>
      <Modal className="modal">
        <Dialog className="dialog" role="alertdialog">
          <CancelVoteForm topic={topic} onCancelVote={onCancelVote} />
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

export interface ReportProblemDialogProps {
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  onReport(problem: Problem, text?: string): void;
}

function ReportProblemForm({ onReport }: Pick<ReportProblemDialogProps, 'onReport'>) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<Problem>('audio');
  const [text, setText] = useState('');
  const cleaned = cleanPollText(text);
  const tooLong = textLength(cleaned) > MAX_PROBLEM_TEXT_CHARS;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (tooLong) return;
        if (cleaned === '') onReport(problem);
        else onReport(problem, cleaned);
      }}
    >
      <Heading slot="title" className="dialog-title">
        {t('votes.report.title')}
      </Heading>
      <p>{t('votes.report.lead')}</p>
      <RadioGroup className="group" value={problem} onChange={(value) => setProblem(value as Problem)}>
        <Label className="group-label">{t('votes.report.what')}</Label>
        <div className="options vote-card-choices">
          <RadioItem value="audio">{t('votes.report.audio')}</RadioItem>
          <RadioItem value="video">{t('votes.report.video')}</RadioItem>
          <RadioItem value="other">{t('votes.report.other')}</RadioItem>
        </div>
      </RadioGroup>
      <Field label={t('votes.report.text')} value={text} onChange={setText} multiline rows={3} error={tooLong ? t('votes.report.textTooLong') : null} />
      <div className="dialog-actions">
        <Button className="btn" slot="close">
          {t('common.cancel')}
        </Button>
        <Button className="btn btn-primary" type="submit">
          {t('votes.report.send')}
        </Button>
      </div>
    </form>
  );
}

export function ReportProblemDialog({ isOpen, onOpenChange, onReport }: ReportProblemDialogProps) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable>
      <Modal className="modal">
        <Dialog className="dialog">
          <ReportProblemForm onReport={onReport} />
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
