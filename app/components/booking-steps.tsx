const STEPS = ["Your details", "Payment", "Confirmed"] as const;

/** The three-step indicator: details → payment → confirmed. */
export function BookingSteps({ current }: { current: 0 | 1 | 2 }) {
  return (
    <ol className="steps-indicator" aria-label="Booking progress">
      {STEPS.map((step, index) => (
        <li
          key={step}
          className={index < current ? "is-done" : index === current ? "is-current" : undefined}
          aria-current={index === current ? "step" : undefined}
        >
          <span className="steps-indicator__number" aria-hidden="true">
            {index < current ? "✓" : index + 1}
          </span>
          <span>
            {step}
            {index < current ? <span className="visually-hidden"> (done)</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
