//! The drawing's look, defined once for the page's stylesheet and the SVG picture: the
//! colours in light and dark, and the lanes' geometry. `static/style.css` carries the
//! colours as custom properties, generated from [`stylesheet`] (a test keeps them equal).

/// Height of a lane's bar, in pixels.
pub const LANE_H: u32 = 30;
/// From one lane's top to the next one's, in pixels: the bar and its labels.
pub const LANE_STEP: u32 = 58;

/// One theme's colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// A picture's background (the page has its own panels).
    pub bg: &'static str,
    pub ink: &'static str,
    pub muted: &'static str,
    pub line: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub info: &'static str,
    pub network: &'static str,
    pub network_line: &'static str,
    pub agent: &'static str,
    pub control_plane: &'static str,
    /// The NAT router's and the vSwitch's subnets.
    pub nat: &'static str,
    pub pods: &'static str,
    pub pods_line: &'static str,
    pub pod_blocks: &'static str,
    pub services: &'static str,
    pub services_line: &'static str,
    /// Single addresses' pins.
    pub pin: &'static str,
    /// A collision now.
    pub now: &'static str,
    /// A collision as the cluster grows.
    pub later: &'static str,
}

/// Colour-blind-safe roles and severities (Okabe-Ito), always paired with a text label.
pub const LIGHT: Palette = Palette {
    bg: "#ffffff",
    ink: "#1d2125",
    muted: "#5c6670",
    line: "#d9dde1",
    error: "#c0392b",
    warning: "#b35900",
    info: "#0072b2",
    network: "#e4e7ea",
    network_line: "#9aa4ad",
    agent: "#009e73",
    control_plane: "#0072b2",
    nat: "#56b4e9",
    pods: "#f3dcea",
    pods_line: "#cc79a7",
    pod_blocks: "#cc79a7",
    services: "#fbf3c0",
    services_line: "#b8a600",
    pin: "#1d2125",
    now: "#d55e00",
    later: "#e69f00",
};

/// The same roles on a dark background.
pub const DARK: Palette = Palette {
    bg: "#14171a",
    ink: "#e6e8ea",
    muted: "#9aa4ad",
    line: "#323a42",
    error: "#ff7a66",
    warning: "#ffb347",
    info: "#56b4e9",
    network: "#2a3138",
    network_line: "#5c6670",
    pods: "#3b2733",
    services: "#33301a",
    pin: "#e6e8ea",
    ..LIGHT
};

impl Palette {
    /// The colours the stylesheet shares, by custom property name (`bg` is the picture's
    /// own).
    pub fn properties(&self) -> [(&'static str, &'static str); 19] {
        [
            ("--ink", self.ink),
            ("--muted", self.muted),
            ("--line", self.line),
            ("--error", self.error),
            ("--warning", self.warning),
            ("--info", self.info),
            ("--c-network", self.network),
            ("--c-network-line", self.network_line),
            ("--c-agent", self.agent),
            ("--c-control-plane", self.control_plane),
            ("--c-nat", self.nat),
            ("--c-pods", self.pods),
            ("--c-pods-line", self.pods_line),
            ("--c-pod-blocks", self.pod_blocks),
            ("--c-services", self.services),
            ("--c-services-line", self.services_line),
            ("--c-pin", self.pin),
            ("--c-now", self.now),
            ("--c-later", self.later),
        ]
    }
}

/// The stylesheet's block of shared colours: light everywhere, and light and dark from
/// one definition each where the browser has `light-dark()`.
pub fn stylesheet() -> String {
    let mut css = String::from(":root {\n");
    for (name, value) in LIGHT.properties() {
        css.push_str(&format!("  {name}: {value};\n"));
    }
    css.push_str("}\n@supports (color: light-dark(#000, #fff)) {\n  :root {\n");
    for ((name, light), (_, dark)) in LIGHT.properties().into_iter().zip(DARK.properties()) {
        if light != dark {
            css.push_str(&format!("    {name}: light-dark({light}, {dark});\n"));
        }
    }
    css.push_str("  }\n}\n");
    css
}
