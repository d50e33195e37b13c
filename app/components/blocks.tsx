import type { Block } from "../../emails/content/blocks";
import { RoutineIllustration } from "./routine-illustrations";

/** Renders the structured content blocks shared with the email templates. */
export function Blocks({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((block, index) => {
        switch (block.type) {
          case "p":
            return <p key={index}>{block.text}</p>;
          case "list":
            return (
              <ul key={index}>
                {block.items.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            );
          case "steps":
            if (block.items.every((step) => step.picture)) {
              return (
                <ol key={index} className="steps steps--pictured">
                  {block.items.map((step) => (
                    <li key={step.title}>
                      <figure>
                        <RoutineIllustration picture={step.picture!} />
                        <figcaption>
                          <strong>{step.title}.</strong> {step.detail}
                        </figcaption>
                      </figure>
                    </li>
                  ))}
                </ol>
              );
            }
            return (
              <ol key={index} className="steps">
                {block.items.map((step) => (
                  <li key={step.title}>
                    <strong>{step.title}.</strong> {step.detail}
                  </li>
                ))}
              </ol>
            );
        }
      })}
    </>
  );
}
