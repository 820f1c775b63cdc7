//! `wa-simulator`: run the WhatsApp Cloud API simulator as a process (demos,
//! manual testing). Control it through `/_sim/...` (see README.md).

use clap::{Parser, ValueEnum};
use serde_json::json;
use tracing_subscriber::EnvFilter;
use wa_simulator::{
    NewTemplate, PhoneNumber, PolicyConfig, SimConfig, Simulator, WebhookConfig, WindowErrorMode,
};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum WindowError {
    Sync,
    Async,
}

/// Local fake of Meta's WhatsApp Cloud API with fake customers.
#[derive(Debug, Parser)]
#[command(name = "wa-simulator", version, about)]
struct Cli {
    /// Address to listen on.
    #[arg(long, env = "WA_SIM_BIND", default_value = "127.0.0.1:8090")]
    bind: String,
    /// Base URL clients use to reach the simulator (media URLs, paging links).
    #[arg(long, env = "WA_SIM_PUBLIC_URL")]
    public_url: Option<String>,
    /// App secret used to sign webhooks.
    #[arg(
        long,
        env = "WA_SIM_APP_SECRET",
        default_value = "wa-simulator-app-secret"
    )]
    app_secret: String,
    /// Callback URL receiving the webhooks.
    #[arg(long, env = "WA_SIM_WEBHOOK_URL")]
    webhook_url: Option<String>,
    /// Graph API version used in generated URLs.
    #[arg(long, env = "WA_SIM_API_VERSION", default_value = wa_simulator::DEFAULT_API_VERSION)]
    api_version: String,
    /// HTTP worker threads.
    #[arg(long, env = "WA_SIM_WORKERS", default_value_t = 2)]
    workers: usize,
    /// Register a demo phone number with this access token (plus the
    /// `hello_world` template).
    #[arg(long, env = "WA_SIM_ACCESS_TOKEN")]
    access_token: Option<String>,
    /// Phone number id of the demo number.
    #[arg(
        long,
        env = "WA_SIM_PHONE_NUMBER_ID",
        default_value = "106540352242922"
    )]
    phone_number_id: String,
    /// WABA id of the demo number.
    #[arg(long, env = "WA_SIM_WABA_ID", default_value = "419561257915477")]
    waba_id: String,
    /// Display number of the demo number.
    #[arg(
        long,
        env = "WA_SIM_DISPLAY_PHONE_NUMBER",
        default_value = "+1 555-078-3881"
    )]
    display_phone_number: String,
    /// Delay before the `sent` status, ms.
    #[arg(long, env = "WA_SIM_SENT_DELAY_MS", default_value_t = 300)]
    sent_delay_ms: u64,
    /// Delay between `sent` and `delivered`, ms.
    #[arg(long, env = "WA_SIM_DELIVERED_DELAY_MS", default_value_t = 700)]
    delivered_delay_ms: u64,
    /// Delay between `delivered` and `read`, ms.
    #[arg(long, env = "WA_SIM_READ_DELAY_MS", default_value_t = 2000)]
    read_delay_ms: u64,
    /// Probability of a duplicated webhook POST.
    #[arg(long, env = "WA_SIM_DUPLICATE_PROBABILITY", default_value_t = 0.0)]
    duplicate_probability: f64,
    /// Probability that a message's statuses arrive out of order.
    #[arg(long, env = "WA_SIM_REORDER_PROBABILITY", default_value_t = 0.0)]
    reorder_probability: f64,
    /// How a free-form send outside the 24 h window fails.
    #[arg(long, env = "WA_SIM_WINDOW_ERROR", value_enum, default_value = "sync")]
    window_error: WindowError,
    /// Do not enforce the 24 h customer-service window.
    #[arg(long, env = "WA_SIM_NO_WINDOW")]
    no_window: bool,
    /// Messages per second per number before error 130429.
    #[arg(long, env = "WA_SIM_THROUGHPUT_MPS")]
    throughput_mps: Option<u32>,
}

impl Cli {
    fn into_config(self) -> SimConfig {
        let mut phone_numbers = Vec::new();
        let mut templates = Vec::new();
        if let Some(token) = &self.access_token {
            phone_numbers.push(PhoneNumber::new(
                self.phone_number_id.clone(),
                self.waba_id.clone(),
                self.display_phone_number.clone(),
                token.clone(),
            ));
            templates.push(
                NewTemplate::new(
                    self.waba_id.clone(),
                    "hello_world",
                    "en_US",
                    "Welcome and congratulations!! This message demonstrates your ability to send a message notification from WhatsApp Business Platform's Cloud API. Thank you for taking the time to test with us.",
                )
                .category("MARKETING")
                .component(json!({"type": "HEADER", "format": "TEXT", "text": "Hello World"}))
                .component(json!({"type": "FOOTER", "text": "WhatsApp Business Platform sample message"})),
            );
            templates.push(NewTemplate::new(
                self.waba_id.clone(),
                "order_update",
                "en_US",
                "Hi {{1}}, your order {{2}} has shipped.",
            ));
        }
        SimConfig {
            bind: self.bind,
            public_url: self.public_url,
            app_secret: self.app_secret,
            webhook_url: self.webhook_url,
            api_version: self.api_version,
            workers: self.workers,
            webhooks: WebhookConfig {
                sent_delay_ms: self.sent_delay_ms,
                delivered_delay_ms: self.delivered_delay_ms,
                read_delay_ms: self.read_delay_ms,
                duplicate_probability: self.duplicate_probability,
                reorder_probability: self.reorder_probability,
                ..WebhookConfig::default()
            },
            policy: PolicyConfig {
                enforce_window: !self.no_window,
                window_error: match self.window_error {
                    WindowError::Sync => WindowErrorMode::Sync,
                    WindowError::Async => WindowErrorMode::Async,
                },
                throughput_mps: self.throughput_mps,
                ..PolicyConfig::default()
            },
            phone_numbers,
            templates,
            ..SimConfig::default()
        }
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let config = Cli::parse().into_config();
    let sim = match Simulator::start(config).await {
        Ok(sim) => sim,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the simulator");
            return std::process::ExitCode::FAILURE;
        }
    };
    tracing::info!(url = sim.url(), "control API at {}/_sim", sim.url());
    if let Err(e) = tokio::signal::ctrl_c().await {
        tracing::error!(error = %e, "cannot wait for ctrl-c");
    }
    sim.stop().await;
    std::process::ExitCode::SUCCESS
}
