DROP TABLE api_calls;
DROP TABLE message_templates;
