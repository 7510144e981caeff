//! The only external links a brief makes: a trial's DOI, PubMed and registry pages, each URL built
//! from a validated identifier and percent-encoded, so catalog text can never become another host.

/// Hosts a brief may link to (a registry's `www.` host counts as the registry).
pub const ALLOWED_HOSTS: [&str; 4] = ["doi.org", "pubmed.ncbi.nlm.nih.gov", "clinicaltrials.gov", "anzctr.org.au"];

/// Whether `href` is one a brief may contain: a fragment of the page itself, or `https://` to an allowed host.
pub fn is_allowed_href(href: &str) -> bool {
    if href.starts_with('#') {
        return true;
    }
    let Some(rest) = href.strip_prefix("https://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    ALLOWED_HOSTS.iter().any(|h| host == *h || host.strip_suffix(h).is_some_and(|p| p == "www."))
}

/// `https://doi.org/10.xxxx/...`, the DOI percent-encoded (RFC 3986 path characters kept), or `None`
/// for a value that is not a DOI.
pub fn doi(doi: &str) -> Option<String> {
    let doi = doi.trim();
    let doi = doi.strip_prefix("https://doi.org/").or_else(|| doi.strip_prefix("doi:")).unwrap_or(doi);
    if !doi.starts_with("10.") || !doi.contains('/') {
        return None;
    }
    let mut url = String::from("https://doi.org/");
    for b in doi.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:;()".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    Some(url)
}

/// `https://pubmed.ncbi.nlm.nih.gov/PMID/` for an all-digit PMID.
pub fn pubmed(pmid: &str) -> Option<String> {
    let pmid = pmid.trim();
    (!pmid.is_empty() && pmid.len() <= 10 && pmid.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
}

/// The registry pages of the identifiers in a `registration` cell (ClinicalTrials.gov NCT numbers,
/// ANZCTR ACTRN numbers), each with its identifier; other text is left unlinked.
pub fn registrations(cell: &str) -> Vec<(String, String)> {
    cell.split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|id| {
            let digits = |prefix: &str, n: usize| {
                id.strip_prefix(prefix).is_some_and(|d| d.len() == n && d.bytes().all(|b| b.is_ascii_digit()))
            };
            if digits("NCT", 8) {
                Some((id.to_string(), format!("https://clinicaltrials.gov/study/{id}")))
            } else if digits("ACTRN", 14) {
                Some((id.to_string(), format!("https://www.anzctr.org.au/{id}.aspx")))
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_come_only_from_identifiers() {
        assert_eq!(doi("10.1176/appi.ajp.2020.20050596").unwrap(), "https://doi.org/10.1176/appi.ajp.2020.20050596");
        assert_eq!(doi("10.1016/S0006-3223(99)00230-9").unwrap(), "https://doi.org/10.1016/S0006-3223(99)00230-9");
        assert_eq!(doi("10.1/x\"><script>").unwrap(), "https://doi.org/10.1/x%22%3E%3Cscript%3E");
        assert_eq!(doi("10.1/a b?c#d").unwrap(), "https://doi.org/10.1/a%20b%3Fc%23d");
        assert_eq!(doi("javascript:alert(1)"), None);
        assert_eq!(pubmed("28441895").unwrap(), "https://pubmed.ncbi.nlm.nih.gov/28441895/");
        assert_eq!(pubmed("123x"), None);
        let regs = registrations("NCT02083926; ACTRN12615000617561, EudraCT 2019-001");
        assert_eq!(regs.len(), 2);
        assert_eq!(regs[1].1, "https://www.anzctr.org.au/ACTRN12615000617561.aspx");
    }

    #[test]
    fn allowed_hosts_only() {
        assert!(is_allowed_href("https://doi.org/10.1/x"));
        assert!(is_allowed_href("https://www.anzctr.org.au/ACTRN12615000617561.aspx"));
        assert!(is_allowed_href("#ptsd"));
        assert!(!is_allowed_href("http://doi.org/10.1/x"));
        assert!(!is_allowed_href("https://doi.org.evil.example/"));
        assert!(!is_allowed_href("https://evildoi.org/"));
        assert!(!is_allowed_href("javascript:alert(1)"));
    }
}
