// The shapes the tickets pages read from /api/v2 (requests, comments, custom statuses, the
// activity timeline, the delivery log). Every field is optional where the server may omit it:
// the pages must survive an older server.
import type { Attachment } from '../../api';

export interface SatisfactionRating {
  score?: 'unoffered' | 'offered' | 'good' | 'bad' | string;
  id?: number | null;
  comment?: string | null;
}

export interface Escalation {
  state?: string;
  label?: string;
}

export interface Request {
  id: number;
  subject?: string | null;
  description?: string | null;
  status?: string;
  custom_status_id?: number | null;
  requester_id?: number;
  email_cc_ids?: number[];
  collaborator_ids?: number[];
  created_at?: string;
  updated_at?: string;
  due_at?: string | null;
  chamado_due_at?: string | null;
  chamado_escalation?: Escalation | null;
  chamado_merged_into?: number | null;
  satisfaction_rating?: SatisfactionRating | null;
  can_be_solved_by_me?: boolean;
  solved?: boolean;
}

export interface RequestList {
  requests?: Request[];
  count?: number;
  next_page?: string | null;
  previous_page?: string | null;
}

// GET /requests/{id}/comments sideloads its authors as Zendesk does: {id, name, agent}.
export interface SideloadedUser {
  id: number;
  name?: string;
  role?: string;
  agent?: boolean;
}

export interface Comment {
  id: number;
  author_id?: number;
  body?: string;
  plain_body?: string;
  public?: boolean;
  attachments?: Attachment[];
  created_at?: string;
  // A few names a newer server might use for the author; any one is enough.
  author?: { name?: string; role?: string };
  chamado_author?: { name?: string; role?: string };
}

export interface CommentList {
  comments?: Comment[];
  users?: SideloadedUser[];
  next_page?: string | null;
}

export interface CustomStatus {
  id: number;
  status_category?: string;
  end_user_label?: string;
  agent_label?: string;
  chamado_key?: string;
  chamado_closed?: boolean;
  // cc: what a customer who is only in copy sees, where the workflow words it for the requester
  // ("Closed by you"); absent: end_user.
  chamado_labels?: { end_user?: Record<string, string>; agent?: Record<string, string>; cc?: Record<string, string> };
  chamado_customer_may_comment?: boolean;
  chamado_customer_may_close?: boolean;
  chamado_customer_may_reopen?: boolean;
}

export interface ActivityEvent {
  at?: string;
  type?: string;
  by?: string;
  from_custom_status_id?: number | null;
  to_custom_status_id?: number | null;
  state?: string | null;
  label?: string | null;
  score?: string | null;
  merged_into?: number | null;
  comment_id?: number;
  custom_status_id?: number | null;
  escalation?: { state?: string; label?: string } | null;
  [extra: string]: unknown;
}

export interface Activity {
  first_status_activity_at?: string | null;
  last_status_activity_at?: string | null;
  events?: ActivityEvent[];
}

export interface Delivery {
  id?: number;
  state?: string;
  to?: string;
  subject?: string;
  created_at?: string;
  sent_at?: string | null;
  description?: string;
}
