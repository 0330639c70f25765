//! The values of the data contract's enumerations, in their contract order, with the Chinese and English labels a
//! form shows for them. The browser takes them from here (`wasm::labels`), so the page holds no list of its own.
//! (Messages name some of these values in their own words: `model`'s `zh()` and `en()`.)

use serde::Serialize;

use crate::model::{
    Activity, AgencyKind, InspectorRole, ItemMethod, MeasureKind, Mode, NoticeExemption, RiskColor, Trigger,
    UrgencyKind,
};

/// An enumeration of the contract with its labels.
pub trait Labelled: Sized + Copy + Serialize + 'static {
    /// The key the page files its labels under (`trigger`: `trigger.plan`).
    const KEY: &'static str;
    /// Every value, in contract order.
    const ALL: &'static [Self];
    /// (Chinese, English) label.
    fn label(self) -> (&'static str, &'static str);
}

/// Implements [`Labelled`]: the match is exhaustive and `ALL` lists the same variants, so every value has a label
/// and `ALL` misses none.
macro_rules! labelled {
    ($ty:ty, $key:literal, { $($v:ident => $zh:literal, $en:literal;)* }) => {
        impl Labelled for $ty {
            const KEY: &'static str = $key;
            const ALL: &'static [Self] = &[$(Self::$v),*];
            fn label(self) -> (&'static str, &'static str) {
                match self {
                    $(Self::$v => ($zh, $en),)*
                }
            }
        }
    };
}

labelled!(Activity, "activity", {
    Inspection => "行政检查", "inspection";
    Observation => "观摩", "observation";
    Supervision => "督导", "supervision";
    StudyVisit => "考察", "study visit";
    Visit => "走访", "visit";
});

labelled!(Trigger, "trigger", {
    Plan => "年度计划检查", "annual plan";
    Special => "专项检查", "special inspection";
    RandomSampling => "“双随机、一公开”抽查", "random sampling";
    Complaint => "投诉举报", "complaint";
    Referral => "转办交办", "referral";
    DataMonitoring => "数据监测", "data monitoring";
    Patrol => "巡查发现", "patrol";
    EnterpriseRequest => "企业申请", "enterprise request";
});

labelled!(Mode, "mode", {
    OnSite => "现场检查（入企）", "on site";
    OffSite => "非现场检查", "off site";
});

labelled!(UrgencyKind, "urgency", {
    Temporary => "临时性检查", "temporary";
    FourNoTwoDirect => "“四不两直”检查", "\"four-no two-direct\"";
    Covert => "暗查暗访", "covert";
});

labelled!(NoticeExemption, "exemption", {
    NotPublicByLaw => "依法不予公开", "not public by law";
    Unsuitable => "不适宜事先通知", "unsuitable for notice";
});

labelled!(MeasureKind, "measure", {
    Seal => "查封", "seal";
    Seize => "扣押", "seize";
    Freeze => "冻结", "freeze";
    Suspend => "责令停产停业", "suspend";
});

labelled!(InspectorRole, "role", {
    Officer => "执法人员", "officer";
    Auxiliary => "执法辅助人员", "auxiliary";
    GridWorker => "网格员", "grid worker";
    Temporary => "临时工", "temporary";
});

labelled!(RiskColor, "risk", {
    Green => "绿", "green";
    Blue => "蓝", "blue";
    Yellow => "黄", "yellow";
    Orange => "橙", "orange";
    Red => "红", "red";
});

labelled!(ItemMethod, "method", {
    OnSite => "现场", "on site";
    OffSite => "非现场", "off site";
    Either => "现场或非现场", "either";
});

labelled!(AgencyKind, "kind", {
    AdministrativeOrgan => "行政机关", "administrative organ";
    AuthorizedOrganization => "授权组织", "authorized organization";
    EntrustedOrganization => "受委托组织", "entrusted organization";
    CoordinatingBody => "议事协调机构", "coordinating body";
    ThirdParty => "第三方机构", "third party";
    Intermediary => "中介机构", "intermediary";
});

/// One value of an enumeration with its labels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Label {
    /// The value as the contract spells it (`random-sampling`).
    pub value: String,
    /// Chinese label.
    pub zh: &'static str,
    /// English label.
    pub en: &'static str,
}

fn of<T: Labelled>() -> (&'static str, Vec<Label>) {
    let labels = T::ALL
        .iter()
        .map(|v| {
            let value = serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_string)).unwrap_or_default();
            let (zh, en) = v.label();
            Label { value, zh, en }
        })
        .collect();
    (T::KEY, labels)
}

/// Every labelled enumeration: (key, values in contract order).
pub fn all() -> Vec<(&'static str, Vec<Label>)> {
    vec![
        of::<Activity>(),
        of::<Trigger>(),
        of::<Mode>(),
        of::<UrgencyKind>(),
        of::<NoticeExemption>(),
        of::<MeasureKind>(),
        of::<InspectorRole>(),
        of::<RiskColor>(),
        of::<ItemMethod>(),
        of::<AgencyKind>(),
    ]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests fail loudly")]

    /// The values are the contract's: each list is the JSON Schema's enumeration of that type, in its order.
    #[test]
    fn every_value_of_the_schema_is_labelled_once() {
        let schema = serde_json::to_value(schemars::schema_for!(crate::model::Inspection)).unwrap();
        let dataset = serde_json::to_value(schemars::schema_for!(crate::dataset::DatasetObject)).unwrap();
        let defs = |s: &serde_json::Value| s["$defs"].as_object().cloned().unwrap_or_default();
        let mut all = defs(&schema);
        all.extend(defs(&dataset));
        let names = [
            ("activity", "Activity"),
            ("trigger", "Trigger"),
            ("mode", "Mode"),
            ("urgency", "UrgencyKind"),
            ("exemption", "NoticeExemption"),
            ("measure", "MeasureKind"),
            ("role", "InspectorRole"),
            ("risk", "RiskColor"),
            ("method", "ItemMethod"),
            ("kind", "AgencyKind"),
        ];
        for (key, labels) in super::all() {
            let ty = names.iter().find(|(k, _)| *k == key).unwrap().1;
            let def = all.get(ty).unwrap_or_else(|| panic!("no schema for {ty}"));
            let values: Vec<String> = match def.get("enum") {
                Some(e) => e.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect(),
                None => def["oneOf"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|o| o.get("enum").or(o.get("const")).into_iter())
                    .flat_map(|v| match v {
                        serde_json::Value::Array(a) => a.clone(),
                        v => vec![v.clone()],
                    })
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect(),
            };
            let ours: Vec<String> = labels.iter().map(|l| l.value.clone()).collect();
            assert_eq!(ours, values, "{key}");
            assert!(labels.iter().all(|l| !l.zh.is_empty() && !l.en.is_empty()), "{key}");
        }
    }
}
