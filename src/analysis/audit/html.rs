//! A saved web page as the text a reader sees: parsed with html5ever (through `scraper`), with
//! script, style, navigation, header, footer, aside, noscript, template and cookie/consent banners
//! (an element whose id or class mentions cookie, banner or consent) dropped; entities are decoded by
//! the parser. Block elements end a line, so sentences and line numbers follow the page's paragraphs.

use scraper::{Html, Node};

/// How the article is given: detected from its content unless `--input` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum InputKind {
    /// Detect: HTML when the text starts with a tag and has an <html>, <head>, <body>, <p> or <div>.
    #[default]
    Auto,
    /// Plain text or Markdown.
    Text,
    /// An HTML page: only its visible text is audited.
    Html,
}

const DROPPED: [&str; 12] =
    ["script", "style", "nav", "footer", "header", "aside", "noscript", "template", "iframe", "svg", "head", "form"];
const BLOCKS: [&str; 22] = [
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "main",
    "figcaption",
    "dd",
    "dt",
    "pre",
];

/// Whether `text` looks like an HTML document (first non-blank character `<` and a structural tag early on).
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(4096).collect::<String>().to_ascii_lowercase();
    head.starts_with('<')
        && ["<!doctype html", "<html", "<head", "<body", "<p>", "<p ", "<div"].iter().any(|t| head.contains(t))
}

/// The visible text of an HTML page, one block element per line.
pub fn visible_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::with_capacity(html.len() / 2);
    // An explicit stack (not recursion): a page nested thousands of levels deep cannot overflow it.
    let mut stack = vec![(doc.tree.root(), false)];
    while let Some((node, leaving)) = stack.pop() {
        match node.value() {
            Node::Element(e) => {
                let name = e.name();
                if leaving {
                    if BLOCKS.contains(&name) && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    continue;
                }
                let banner = [e.id(), e.attr("class")].into_iter().flatten().any(|v| {
                    let v = v.to_ascii_lowercase();
                    v.contains("cookie") || v.contains("banner") || v.contains("consent")
                });
                if DROPPED.contains(&name) || banner || e.attr("hidden").is_some() {
                    continue;
                }
                if BLOCKS.contains(&name) && !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                stack.push((node, true));
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(|c| (c, false)));
            }
            Node::Text(t) if !leaving => {
                let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
                if collapsed.is_empty() {
                    continue;
                }
                // Inline elements next to each other ("<b>Feder</b> 2021") keep the text's own spacing.
                if t.starts_with(char::is_whitespace) && !out.is_empty() && !out.ends_with(['\n', ' ']) {
                    out.push(' ');
                }
                out.push_str(&collapsed);
                if t.ends_with(char::is_whitespace) {
                    out.push(' ');
                }
            }
            Node::Document | Node::Fragment if !leaving => {
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(|c| (c, false)));
            }
            _ => {}
        }
    }
    out.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_visible_text_and_drops_the_rest() {
        let page = "<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body>\
            <nav>Home | About</nav><div id=\"cookie-banner\">We use cookies.</div>\
            <p>A <b>2021</b> trial &amp; more&nbsp;text.</p><script>var x = '2019 study';</script>\
            <p>Second   paragraph.</p><footer>(c) 2024</footer></body></html>";
        assert!(looks_like_html(page));
        assert_eq!(visible_text(page), "A 2021 trial & more text.\nSecond paragraph.");
        assert!(!looks_like_html("A 2021 trial <b>x</b>"));
    }
}
