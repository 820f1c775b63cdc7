import type { components } from "@/lib/api/schema";

type Schemas = components["schemas"];

export type AccessGrant = Schemas["AccessGrant"];
export type AccessLogEntry = Schemas["AccessLogEntry"];
export type Account = Schemas["Account"];
export type ApiCall = Schemas["ApiCall"];
export type ApiKey = Schemas["ApiKey"];
export type ApiKeyScope = Schemas["ApiKeyScope"];
export type AuditEntry = Schemas["AuditEntry"];
export type Contact = Schemas["Contact"];
export type ContactSummary = Schemas["ContactSummary"];
export type Conversation = Schemas["Conversation"];
export type ConversationPage = Schemas["ConversationPage"];
export type ConversationStatus = Schemas["ConversationStatus"];
export type CreatedApiKey = Schemas["CreatedApiKey"];
export type Erasure = Schemas["Erasure"];
export type MemberRole = Schemas["MemberRole"];
export type Message = Schemas["Message"];
export type MessageMedia = Schemas["MessageMedia"];
export type MessagePage = Schemas["MessagePage"];
export type MessageStatus = Schemas["MessageStatus"];
export type MessageTemplate = Schemas["MessageTemplate"];
export type Organization = Schemas["Organization"];
export type Retention = Schemas["Retention"];
export type RetentionPeriod = Schemas["RetentionPeriod"];
export type RetentionPeriods = Schemas["RetentionPeriods"];
export type Role = Schemas["Role"];
export type SendMessage = Schemas["SendMessage"];
export type TemplateSync = Schemas["TemplateSync"];
export type User = Schemas["User"];
export type WebhookEvent = Schemas["WebhookEvent"];

export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ["open", "pending", "resolved"];
