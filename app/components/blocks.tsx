import type { Block } from "../../emails/content/blocks";

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
