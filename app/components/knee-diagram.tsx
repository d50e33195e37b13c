import { useEffect, useState, type MouseEvent } from "react";
import type { PainLocation } from "../../db/intake";
import { PAIN_LOCATIONS } from "../../db/intake";
import { KNEE_DIAGRAM_ALT, KNEE_DIAGRAM_VIEWBOX, kneeDiagramMarkup } from "../../emails/content/knee-diagram";

/*
 * The knee diagram on the site. The markup is the same string the email's PNGs are made from
 * (emails/content/knee-diagram.ts): fixed content of ours, never user input.
 */

const VIEWBOX = `0 0 ${KNEE_DIAGRAM_VIEWBOX.width} ${KNEE_DIAGRAM_VIEWBOX.height}`;

/** Which side is which: the drawing is a right knee as you look down at it. */
function Sides() {
  return (
    <span className="knee-art__sides" aria-hidden="true">
      <span>inside</span>
      <span>outside</span>
    </span>
  );
}

/** One area highlighted, as a picture with its text alternative (the guide, beside each cause). */
export function KneeDiagramFigure({ location, caption }: { location: PainLocation; caption: string }) {
  return (
    <figure className="knee-figure">
      <div className="knee-art">
        <svg
          role="img"
          aria-label={KNEE_DIAGRAM_ALT[location]}
          viewBox={VIEWBOX}
          dangerouslySetInnerHTML={{ __html: kneeDiagramMarkup({ highlight: location }) }}
        />
        <Sides />
      </div>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

/** A small picture of one area for a link whose words already say it (the guide's "Where does it hurt?"). */
export function KneeDiagramThumb({ location }: { location: PainLocation }) {
  return (
    <svg
      className="knee-thumb"
      aria-hidden="true"
      focusable="false"
      viewBox={VIEWBOX}
      dangerouslySetInnerHTML={{ __html: kneeDiagramMarkup({ highlight: location }) }}
    />
  );
}

function isPainLocation(value: string | null | undefined): value is PainLocation {
  return (PAIN_LOCATIONS as readonly string[]).includes(value ?? "");
}

/**
 * The booking form's diagram: a pointer shortcut to the radios beside it, which stay the real
 * control. Hidden from assistive technology and never focusable, so it adds no second stop; the
 * highlight follows the checked radio through CSS (:has()), with or without JavaScript.
 */
export function KneeDiagramChooser({ onChoose }: { onChoose: (location: PainLocation) => void }) {
  // Areas only look clickable once the page has hydrated: without JavaScript a click does nothing.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  function handleClick(event: MouseEvent<SVGSVGElement>) {
    const area = (event.target as Element).closest("[data-area]")?.getAttribute("data-area");
    if (isPainLocation(area)) onChoose(area);
  }

  return (
    <div className="knee-art knee-art--chooser" aria-hidden="true" data-ready={ready ? "" : undefined}>
      <svg
        viewBox={VIEWBOX}
        focusable="false"
        onClick={handleClick}
        dangerouslySetInnerHTML={{ __html: kneeDiagramMarkup({ highlight: null, interactive: true }) }}
      />
      <Sides />
      <span className="knee-art__caption">{ready ? "Your right knee from above. Tap where it aches." : "Your right knee, from above."}</span>
    </div>
  );
}
