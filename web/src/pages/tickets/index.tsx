// "My tickets" (/tickets) and a ticket's page (/tickets/:id).
export { MyTickets } from './list';
export { TicketPage } from './ticket';
