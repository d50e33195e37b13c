import type { Block } from "../../emails/content/blocks";

export const terms: {
  title: string;
  description: string;
  updated: string;
  sections: { id: string; title: string; blocks: Block[] }[];
} = {
  title: "Booking terms and privacy",
  description:
    "How booking works at Pain Free Me Studio, what happens if plans change, and what we keep about you, why and for how long.",
  updated: "2026-11-26",
  sections: [
    {
      id: "booking",
      title: "Booking a session",
      blocks: [
        {
          type: "p",
          text: "When you book a workshop or a one-on-one session, your place is reserved once your card payment has gone through. Until then, the place isn't yours yet.",
        },
        {
          type: "list",
          items: [
            "Online booking closes 2 hours before a session starts.",
            "Please arrive 10 minutes early so we can start on time and settle you in.",
            "Wear comfortable clothes you can move freely in.",
          ],
        },
        {
          type: "p",
          text: "You'll get a confirmation email with the date, time and place of your session.",
        },
      ],
    },
    {
      id: "cancellations",
      title: "If we need to change or cancel a session",
      blocks: [
        {
          type: "p",
          text: "Now and then we may have to move or cancel a session, for example if an instructor is unwell. If that happens, we'll email you as soon as we can.",
        },
        {
          type: "p",
          text: "If we cancel a session you've paid for, you'll get a full refund.",
        },
        {
          type: "p",
          text: "If you can no longer make a session yourself, please email us as early as you can.",
        },
      ],
    },
    {
      id: "refunds",
      title: "Refunds",
      blocks: [
        {
          type: "p",
          text: "Refunds for card payments go back to the card you paid with. How long they take to show on your statement depends on your bank or card provider.",
        },
      ],
    },
    {
      id: "health",
      title: "Your health and safety",
      blocks: [
        {
          type: "p",
          text: "Our sessions are education and guided movement, not a medical diagnosis or treatment.",
        },
        {
          type: "list",
          items: [
            "Please tell your instructor about any injury or condition before the session starts.",
            "If you have sharp pain, swelling, a knee that locks or gives way, or pain after a fall, see a clinician, such as your GP or a physiotherapist, before you come.",
            "Work within what feels comfortable, and tell your instructor straight away if something hurts.",
          ],
        },
      ],
    },
    {
      id: "privacy",
      title: "What we store and why",
      blocks: [
        {
          type: "p",
          text: "We keep only what we need to run your booking and prepare your session:",
        },
        {
          type: "list",
          items: [
            "Contact details: your name, your email address and, if you choose to give it, your phone number. We use these to manage your booking and to get in touch about it.",
            "Health notes from the booking form: where your knee hurts, how long it has been going on, and any notes for your instructor. We store these only if you give your explicit consent, and we use them only to prepare your session.",
            "Payment records: card payments are handled by Stripe. We never see or store your card number. We keep the amount you paid and the payment reference.",
            "While a place is held for you before payment, the internet address your booking came from, so nobody can hold a whole class at once.",
          ],
        },
      ],
    },
    {
      id: "emails",
      title: "Emails we send",
      blocks: [
        {
          type: "p",
          text: "We email you about your booking only: a confirmation when you book, a reminder before your session, and a message if anything about your session changes.",
        },
      ],
    },
    {
      id: "retention",
      title: "How long we keep it",
      blocks: [
        {
          type: "list",
          items: [
            "Health notes (where your knee hurts, for how long, and your notes for your coach) are deleted 12 months after your session. If a booking is never paid for, they are deleted 7 days after its hold ended. They live in one place only, our booking system, where only the studio's staff can read them on the session's list of attendees: they are never copied into emails, exports or logs, so deleting them there deletes every copy.",
            "The internet address noted while a place is held is deleted within a day of the hold ending.",
            "Contact details and booking records, including payment records, are kept for 6 years because UK accounting rules require it, and are then deleted.",
          ],
        },
      ],
    },
    {
      id: "rights",
      title: "Your rights",
      blocks: [
        {
          type: "p",
          text: "You're in control of your information. You can ask us to:",
        },
        {
          type: "list",
          items: [
            "Show you the information we hold about you.",
            "Correct anything that's wrong.",
            "Delete your health notes.",
          ],
        },
        {
          type: "p",
          text: "If you're unhappy with how we've handled your information, you can complain to the Information Commissioner's Office (ICO), the UK's data protection regulator. We'd appreciate the chance to put things right first, so please do get in touch with us too.",
        },
      ],
    },
    {
      id: "contact",
      title: "Contact us",
      blocks: [
        {
          type: "p",
          text: "For any question about your booking, these terms or your information, email the studio. Please write from, or mention, the email address you booked with so we can find your booking quickly.",
        },
      ],
    },
  ],
};
