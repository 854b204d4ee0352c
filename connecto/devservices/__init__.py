"""Local stand-ins for external providers, speaking their real protocols over real sockets:
FCM HTTP v1 (``fake_fcm``), a Twilio-compatible SMS API (``fake_sms``) and an SMTP server
(``fake_smtp``). Tests and notebooks run them; production code never imports this package."""
