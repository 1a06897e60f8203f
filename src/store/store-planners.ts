import type { Addon } from '../core/addons/addon.js'
import type { ReleaseContext, ReleaseDraft } from '../core/releases/release.js'

/**
 * The pure planners the store runs inside its transactions, under the app's lock, so the rules stay
 * in `core/` while what they decide commits atomically with the rows they read.
 */

/** Decides the next release from the latest and current ones; null writes nothing. */
export type ReleasePlanner = (ctx: ReleaseContext) => ReleaseDraft | null

/** Decides the attachment name and the attach release. */
export type AttachPlanner = (ctx: ReleaseContext, takenAttachmentNames: string[]) => { attachmentName: string; draft: ReleaseDraft }

/** Decides the detach release of an attached add-on. */
export type DetachPlanner = (ctx: ReleaseContext, addon: Addon & { attachmentName: string }) => ReleaseDraft
