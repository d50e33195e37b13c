import { photoSrc, photoSrcSet, type Photo } from "~/images/photo";

/**
 * A stored photo: WebP for browsers that take it, JPEG otherwise, each at every width it comes in
 * (`sizes` tells the browser how wide it will show), with its width and height so the page doesn't
 * jump as it loads. Lazy unless it is near the top of the page (`priority`).
 */
export function Picture({
  photo,
  sizes,
  className,
  priority = false,
  decorative = false,
}: {
  photo: Photo;
  sizes: string;
  className?: string;
  priority?: boolean;
  /** When the words beside it already say what it shows: alt="" so screen readers skip it. */
  decorative?: boolean;
}) {
  return (
    <picture className={className}>
      <source type="image/webp" srcSet={photoSrcSet(photo, "webp")} sizes={sizes} />
      <img
        src={photoSrc(photo, 960)}
        srcSet={photoSrcSet(photo, "jpeg")}
        sizes={sizes}
        width={photo.width}
        height={photo.height}
        alt={decorative ? "" : photo.alt}
        loading={priority ? "eager" : "lazy"}
        decoding={priority ? "auto" : "async"}
        {...(priority ? { fetchpriority: "high" } : {})}
      />
    </picture>
  );
}
