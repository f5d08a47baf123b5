import { ticketReplyInput, ticketReplyOutput } from '../../shared/schemas/conversation.ts';
import { ticketDetail, ticketGetInput, ticketsListInput, ticketsPage } from '../../shared/schemas/tickets.ts';
import { authedProcedure, router } from '../trpc.ts';

/** Agents and admins: the chats' tickets, newest first. */
export const ticketsRouter = router({
  list: authedProcedure
    .input(ticketsListInput)
    .output(ticketsPage)
    .query(({ ctx, input }) => ctx.services.tickets.list(ctx.principal.accountId, input)),
  get: authedProcedure
    .input(ticketGetInput)
    .output(ticketDetail)
    .query(({ ctx, input }) => ctx.services.tickets.get(ctx.principal.accountId, input.id)),
  /** The agent's answer in the ticket's chat (SPEC §7), seen by the visitor live. */
  reply: authedProcedure
    .input(ticketReplyInput)
    .output(ticketReplyOutput)
    .mutation(({ ctx, input }) => ctx.services.sessions.reply(ctx.meta, input)),
});
