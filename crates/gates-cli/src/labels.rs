//! The size label, whatever the platform: the one label of `[pr.size-labels]` that matches the
//! change is set, the others gates manages are removed, any other label is left alone. Each
//! platform's client only knows its own API.

use std::fmt::Display;

/// The calls a platform answers for the labels of one pull or merge request.
pub(crate) trait LabelHost {
    type Error: Display;
    /// Every label the change carries.
    async fn labels(&self) -> Result<Vec<String>, Self::Error>;
    /// Adds `add`, if any, and removes each of `remove` (never empty together).
    async fn relabel(&self, add: Option<&str>, remove: &[&str]) -> Result<(), Self::Error>;
}

/// What was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relabelled {
    pub(crate) added: Option<String>,
    pub(crate) removed: Vec<String>,
}

/// Makes `wanted` the only one of `managed` on the change; asks nothing more of the platform
/// when the labels are already right.
pub(crate) async fn sync<H: LabelHost>(
    host: &H,
    wanted: Option<&str>,
    managed: &[&str],
) -> Result<Relabelled, H::Error> {
    let present = host.labels().await?;
    let removed: Vec<&str> = present
        .iter()
        .map(String::as_str)
        .filter(|name| managed.contains(name) && Some(*name) != wanted)
        .collect();
    let added = wanted.filter(|wanted| !present.iter().any(|name| name == wanted));
    if added.is_some() || !removed.is_empty() {
        host.relabel(added, &removed).await?;
    }
    Ok(Relabelled {
        added: added.map(str::to_owned),
        removed: removed.into_iter().map(str::to_owned).collect(),
    })
}
