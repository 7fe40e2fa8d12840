// The error sentence under a form or an action, announced to screen readers; nothing when there is
// no error.
export function ErrorLine({ text }: { text: string | null }) {
  if (text === null) return null;
  return (
    <p className="alert" role="alert">
      {text}
    </p>
  );
}
