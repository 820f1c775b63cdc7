use clap::Parser;
use std::process::ExitCode;
use winmessages::app::AppState;
use winmessages::cli::{Cli, Command};
use winmessages::config::Config;
use winmessages::{db, openapi, serve, telemetry};

/// mimalloc instead of the C library's allocator: the server allocates from many threads at
/// once (HTTP workers, webhook processing, the event fan-out), where glibc's malloc spends a
/// noticeable share of the CPU consolidating and splitting chunks. Built without transparent
/// huge pages (`no_thp`): memory the allocator returns and takes back (the fan-out's frame
/// buffers, freed by the HTTP workers) would otherwise be zeroed again 2 MiB at a time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // `.env` is optional; a malformed one is reported but not fatal.
    if let Err(e) = dotenvy::dotenv()
        && !e.not_found()
    {
        eprintln!("warning: .env ignored: {e}");
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    if let Some(Command::Openapi) = cli.command {
        let json = openapi::document_json().map_err(|e| format!("openapi: {e}"))?;
        print!("{json}");
        return Ok(());
    }
    let config = Config::from_settings(&cli.settings).map_err(|e| e.to_string())?;
    telemetry::init(config.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let state = AppState::init(config)?;
            actix_web::rt::System::new()
                .block_on(serve::run(state))
                .map_err(|e| format!("WINMESSAGES_BIND: {e}"))
        }
        Command::Migrate => {
            let pool = db::build_pool(&config.database, 1)?;
            let mut conn = pool.get().map_err(|e| format!("DATABASE_URL: {e}"))?;
            let applied = db::run_migrations(&mut conn)?;
            println!("applied {} migration(s)", applied.len());
            Ok(())
        }
        Command::CreateAdmin { email, password } => {
            let pool = db::build_pool(&config.database, 1)?;
            let mut conn = pool.get().map_err(|e| format!("DATABASE_URL: {e}"))?;
            db::run_migrations(&mut conn)?;
            drop(conn);
            let id = winmessages::bootstrap::create_platform_admin(&pool, &email, &password)
                .map_err(|e| format!("create-admin: {e}"))?;
            let email = winmessages::users::store::normalize_email(&email);
            println!("created platform administrator {email} (user id {id})");
            Ok(())
        }
        Command::Purge => {
            let state = AppState::init(config)?;
            let report = actix_web::rt::System::new().block_on(
                winmessages::retention::purge::run_once(&state, Default::default()),
            )?;
            println!(
                "{}",
                serde_json::to_string(&report).map_err(|e| format!("purge: {e}"))?
            );
            Ok(())
        }
        Command::Openapi => Ok(()),
        Command::Seed(opts) => winmessages::seed::command(&config.database, &opts),
    }
}
