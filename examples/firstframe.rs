use hamish::layout::Options;
use hamish::ui::{Action, App};
use ratatui::{backend::TestBackend, Terminal};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    for _ in 0..50 {
        let t = std::time::Instant::now();
        let doc = hamish::text::load(std::path::Path::new(&path)).unwrap();
        let t1 = t.elapsed();
        let mut app = App::new(doc, Options::default());
        app.update(Action::Resize(100, 30));
        let t2 = t.elapsed();
        let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
        term.draw(|f| f.render_widget(&app, f.area())).unwrap();
        let t3 = t.elapsed();
        if std::env::var("V").is_ok() {
            eprintln!("{t1:?} {t2:?} {t3:?}");
        }
    }
}
