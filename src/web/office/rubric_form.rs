//! The rubric as the editor's form holds it: a tree of stages and criteria
//! whose every value is text as typed, so a weight typed "6O" comes back in
//! its field with the reason beside it. Fields are named by the node's path
//! in the rubric (`stages[0].criteria[1].weight`), the same path the
//! rubric's validation names its problems by; the structural buttons (add,
//! move, remove) work on that tree between saves.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use crate::error::{FieldError, Msg};
use crate::rubrics::Rubric;
use crate::rubrics::model::{
    Band, Computed, Criterion, Direction, Judged, Level, Mapping, Source, Stage,
};

/// One piece of a field's path: a name, with an index when it names an
/// item of a list.
fn segments(path: &str) -> Vec<(&str, Option<usize>)> {
    path.split('.')
        .map(|part| match part.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse().ok()),
            None => (part, None),
        })
        .collect()
}

fn slot<'a>(value: &'a mut Value, name: &str, index: Option<usize>) -> &'a mut Value {
    if !value.is_object() {
        *value = Value::Object(Map::new());
    }
    let Value::Object(map) = value else {
        unreachable!("made an object above")
    };
    let entry = map.entry(name.to_owned()).or_insert(Value::Null);
    match index {
        None => entry,
        Some(i) => {
            if !entry.is_array() {
                *entry = Value::Array(Vec::new());
            }
            let Value::Array(items) = entry else {
                unreachable!("made an array above")
            };
            if items.len() <= i {
                items.resize(i + 1, Value::Object(Map::new()));
            }
            &mut items[i]
        }
    }
}

/// Writes `text` at `path` in the draft, making the objects and list items
/// on the way.
fn put(draft: &mut Value, path: &str, text: &str) {
    let mut at = draft;
    for (name, index) in segments(path) {
        at = slot(at, name, index);
    }
    *at = Value::String(text.to_owned());
}

/// The draft a posted editor form holds: every field whose name is a path
/// under `stages`.
pub fn from_form(fields: &[(String, String)]) -> Value {
    let mut draft = json!({"stages": []});
    for (name, value) in fields {
        // Paths with an index past any sensible rubric are ignored rather
        // than grown into.
        let sane = segments(name)
            .iter()
            .all(|(_, i)| i.is_none_or(|i| i < 200));
        if name.starts_with("stages[") && sane {
            put(&mut draft, name, value);
        }
    }
    draft
}

fn text(value: Decimal) -> String {
    value.normalize().to_string()
}

fn criterion_draft(c: &Criterion) -> Value {
    let mut node = json!({
        "key": c.key, "name_id": c.name_id, "name_en": c.name_en, "weight": text(c.weight),
        "kind": if !c.children.is_empty() { "group" } else if c.computed.is_some() { "computed" } else { "judged" },
        "children": c.children.iter().map(criterion_draft).collect::<Vec<_>>(),
    });
    if let Some(j) = &c.judged {
        node["judged"] = json!({
            "min": text(j.min), "max": text(j.max), "step": text(j.step),
            "comment_required": if j.comment_required { "ya" } else { "" },
            "abstain_allowed": if j.abstain_allowed { "ya" } else { "" },
            "levels": j.levels.iter().map(|l| json!({
                "from": text(l.from), "to": text(l.to),
                "descriptor_id": l.descriptor_id, "descriptor_en": l.descriptor_en,
            })).collect::<Vec<_>>(),
        });
    }
    if let Some(computed) = &c.computed {
        let mut draft = json!({
            "direction": match computed.direction {
                Direction::HigherIsBetter => "higher_is_better",
                Direction::LowerIsBetter => "lower_is_better",
            },
        });
        match &computed.source {
            Source::Indicator(key) => {
                draft["source"] = json!("indicator");
                draft["indicator"] = json!(key);
            }
            Source::Ratio {
                numerator,
                denominator,
            } => {
                draft["source"] = json!("ratio");
                draft["numerator"] = json!(numerator);
                draft["denominator"] = json!(denominator);
            }
        }
        match &computed.mapping {
            Mapping::Linear { floor, target } => {
                draft["mapping"] = json!("linear");
                draft["floor"] = json!(text(*floor));
                draft["target"] = json!(text(*target));
            }
            Mapping::Bands(bands) => {
                draft["mapping"] = json!("bands");
                draft["bands"] = bands
                    .iter()
                    .map(|b| json!({"from": text(b.from), "points": text(b.points)}))
                    .collect();
            }
        }
        node["computed"] = draft;
    }
    node
}

/// The draft of a saved rubric.
pub fn from_rubric(rubric: &Rubric) -> Value {
    json!({
        "stages": rubric.stages.iter().map(|s| json!({
            "key": s.key, "name_id": s.name_id, "name_en": s.name_en, "weight": text(s.weight),
            "criteria": s.criteria.iter().map(criterion_draft).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn get<'a>(node: &'a Value, name: &str) -> &'a str {
    node.get(name).and_then(Value::as_str).unwrap_or("").trim()
}

fn list<'a>(node: &'a Value, name: &str) -> &'a [Value] {
    node.get(name)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Reads the draft's numbers; each that cannot be read is named by its path.
struct Reader {
    errors: Vec<FieldError>,
}

impl Reader {
    fn number(&mut self, node: &Value, name: &str, at: &str) -> Decimal {
        let raw = get(node, name);
        match Decimal::from_str(&raw.replace(',', ".")) {
            Ok(value) => value,
            Err(_) => {
                self.errors.push(FieldError::new(
                    format!("{at}.{name}"),
                    "not_a_number",
                    Msg::said("rubric-editor-number"),
                ));
                Decimal::ZERO
            }
        }
    }

    fn criterion(&mut self, node: &Value, at: &str) -> Criterion {
        let weight = self.number(node, "weight", at);
        let kind = get(node, "kind");
        let children: Vec<Criterion> = if kind == "group" {
            list(node, "children")
                .iter()
                .enumerate()
                .map(|(i, c)| self.criterion(c, &format!("{at}.children[{i}]")))
                .collect()
        } else {
            Vec::new()
        };
        let judged = (kind == "judged").then(|| {
            let scale = node.get("judged").cloned().unwrap_or(Value::Null);
            let here = format!("{at}.judged");
            Judged {
                min: self.number(&scale, "min", &here),
                max: self.number(&scale, "max", &here),
                step: self.number(&scale, "step", &here),
                levels: list(&scale, "levels")
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let here = format!("{here}.levels[{i}]");
                        Level {
                            from: self.number(l, "from", &here),
                            to: self.number(l, "to", &here),
                            descriptor_id: get(l, "descriptor_id").to_owned(),
                            descriptor_en: get(l, "descriptor_en").to_owned(),
                        }
                    })
                    .collect(),
                comment_required: get(&scale, "comment_required") == "ya",
                abstain_allowed: get(&scale, "abstain_allowed") == "ya",
            }
        });
        let computed = (kind == "computed").then(|| {
            let draft = node.get("computed").cloned().unwrap_or(Value::Null);
            let here = format!("{at}.computed");
            let source = match get(&draft, "source") {
                "ratio" => Source::Ratio {
                    numerator: get(&draft, "numerator").to_owned(),
                    denominator: get(&draft, "denominator").to_owned(),
                },
                _ => Source::Indicator(get(&draft, "indicator").to_owned()),
            };
            let mapping = match get(&draft, "mapping") {
                "bands" => Mapping::Bands(
                    list(&draft, "bands")
                        .iter()
                        .enumerate()
                        .map(|(i, b)| {
                            let here = format!("{here}.mapping.bands[{i}]");
                            Band {
                                from: self.number(b, "from", &here),
                                points: self.number(b, "points", &here),
                            }
                        })
                        .collect(),
                ),
                _ => Mapping::Linear {
                    floor: self.number(&draft, "floor", &format!("{here}.mapping.linear")),
                    target: self.number(&draft, "target", &format!("{here}.mapping.linear")),
                },
            };
            Computed {
                source,
                mapping,
                direction: match get(&draft, "direction") {
                    "lower_is_better" => Direction::LowerIsBetter,
                    _ => Direction::HigherIsBetter,
                },
            }
        });
        Criterion {
            key: get(node, "key").to_owned(),
            name_id: get(node, "name_id").to_owned(),
            name_en: get(node, "name_en").to_owned(),
            weight,
            children,
            judged,
            computed,
        }
    }
}

/// The rubric the draft describes, or every number it cannot read, each
/// by its path.
pub fn to_rubric(draft: &Value) -> Result<Rubric, Vec<FieldError>> {
    let mut reader = Reader { errors: Vec::new() };
    let stages = list(draft, "stages")
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at = format!("stages[{i}]");
            Stage {
                key: get(s, "key").to_owned(),
                name_id: get(s, "name_id").to_owned(),
                name_en: get(s, "name_en").to_owned(),
                weight: reader.number(s, "weight", &at),
                criteria: list(s, "criteria")
                    .iter()
                    .enumerate()
                    .map(|(j, c)| reader.criterion(c, &format!("{at}.criteria[{j}]")))
                    .collect(),
            }
        })
        .collect();
    if reader.errors.is_empty() {
        Ok(Rubric { stages })
    } else {
        Err(reader.errors)
    }
}

/// The list a node's path points into, and the node's index in it:
/// `stages[0].criteria[2]` is item 2 of `stages[0].criteria`.
fn parent_list<'a>(draft: &'a mut Value, path: &str) -> Option<(&'a mut Vec<Value>, usize)> {
    let parts = segments(path);
    let ((last, index), before) = parts.split_last()?;
    let index = (*index)?;
    let mut at = draft;
    for (name, i) in before {
        at = at.get_mut(*name)?;
        if let Some(i) = i {
            at = at.get_mut(*i)?;
        }
    }
    let items = at.get_mut(*last)?.as_array_mut()?;
    (index < items.len()).then_some((items, index))
}

fn node_at<'a>(draft: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let (items, index) = parent_list(draft, path)?;
    items.get_mut(index)
}

fn push(node: &mut Value, name: &str, item: Value) {
    if !node[name].is_array() {
        node[name] = json!([]);
    }
    if let Some(items) = node[name].as_array_mut() {
        items.push(item);
    }
}

fn new_criterion() -> Value {
    json!({"key": "", "name_id": "", "name_en": "", "weight": "", "kind": "judged",
           "judged": {"min": "0", "max": "100", "step": "5", "levels": []}, "children": []})
}

/// Applies one of the editor's buttons (`add-stage`, `add-criterion:PATH`,
/// `add-child:PATH`, `add-level:PATH`, `add-band:PATH`, `remove:PATH`,
/// `up:PATH`, `down:PATH`) to the draft. Answers whether it changed
/// anything.
pub fn apply(draft: &mut Value, action: &str) -> bool {
    let (verb, path) = action.split_once(':').unwrap_or((action, ""));
    match verb {
        "add-stage" => {
            push(
                draft,
                "stages",
                json!({"key": "", "name_id": "", "name_en": "", "weight": "", "criteria": [new_criterion()]}),
            );
            true
        }
        "add-criterion" => node_at(draft, path).is_some_and(|stage| {
            push(stage, "criteria", new_criterion());
            true
        }),
        "add-child" => node_at(draft, path).is_some_and(|node| {
            node["kind"] = json!("group");
            push(node, "children", new_criterion());
            true
        }),
        "add-level" => node_at(draft, path).is_some_and(|node| {
            if !node["judged"].is_object() {
                node["judged"] = json!({});
            }
            push(
                &mut node["judged"],
                "levels",
                json!({"from": "", "to": "", "descriptor_id": "", "descriptor_en": ""}),
            );
            true
        }),
        "add-band" => node_at(draft, path).is_some_and(|node| {
            if !node["computed"].is_object() {
                node["computed"] = json!({});
            }
            node["computed"]["mapping"] = json!("bands");
            push(
                &mut node["computed"],
                "bands",
                json!({"from": "", "points": ""}),
            );
            true
        }),
        "remove" => parent_list(draft, path).is_some_and(|(items, i)| {
            items.remove(i);
            true
        }),
        "up" => parent_list(draft, path).is_some_and(|(items, i)| {
            if i == 0 {
                return false;
            }
            items.swap(i, i - 1);
            true
        }),
        "down" => parent_list(draft, path).is_some_and(|(items, i)| {
            if i + 1 >= items.len() {
                return false;
            }
            items.swap(i, i + 1);
            true
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_posted_form_becomes_the_rubric_it_shows() {
        let fields = form(&[
            ("stages[0].key", "data"),
            ("stages[0].name_id", "Data"),
            ("stages[0].weight", "100"),
            ("stages[0].criteria[0].key", "regulation"),
            ("stages[0].criteria[0].name_id", "Regulasi"),
            ("stages[0].criteria[0].weight", "60"),
            ("stages[0].criteria[0].kind", "judged"),
            ("stages[0].criteria[0].judged.min", "0"),
            ("stages[0].criteria[0].judged.max", "100"),
            ("stages[0].criteria[0].judged.step", "5"),
            ("stages[0].criteria[0].judged.levels[0].from", "0"),
            ("stages[0].criteria[0].judged.levels[0].to", "50"),
            (
                "stages[0].criteria[0].judged.levels[0].descriptor_id",
                "Kurang",
            ),
            ("stages[0].criteria[1].key", "coverage"),
            ("stages[0].criteria[1].name_id", "Cakupan"),
            ("stages[0].criteria[1].weight", "40,0"),
            ("stages[0].criteria[1].kind", "computed"),
            ("stages[0].criteria[1].computed.source", "ratio"),
            ("stages[0].criteria[1].computed.numerator", "covered"),
            ("stages[0].criteria[1].computed.denominator", "eligible"),
            ("stages[0].criteria[1].computed.mapping", "linear"),
            ("stages[0].criteria[1].computed.floor", "0"),
            ("stages[0].criteria[1].computed.target", "1"),
            (
                "stages[0].criteria[1].computed.direction",
                "higher_is_better",
            ),
            ("csrf", "ignored"),
        ]);
        let rubric = to_rubric(&from_form(&fields)).expect("readable");
        let criteria = &rubric.stages[0].criteria;
        assert_eq!(
            criteria[0].judged.as_ref().unwrap().levels[0].descriptor_id,
            "Kurang"
        );
        assert_eq!(criteria[1].weight, Decimal::from(40));
        // Saved and shown again, it reads back the same.
        assert_eq!(to_rubric(&from_rubric(&rubric)).expect("again"), rubric);
    }

    #[test]
    fn an_unreadable_number_is_named_by_its_path() {
        let fields = form(&[
            ("stages[0].key", "data"),
            ("stages[0].weight", "1OO"),
            ("stages[0].criteria[0].weight", "x"),
            ("stages[0].criteria[0].kind", "judged"),
            ("stages[0].criteria[0].judged.min", "0"),
            ("stages[0].criteria[0].judged.max", "10"),
            ("stages[0].criteria[0].judged.step", "1"),
        ]);
        let errors = to_rubric(&from_form(&fields)).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(paths, ["stages[0].weight", "stages[0].criteria[0].weight"]);
    }

    #[test]
    fn buttons_add_move_and_remove_nodes() {
        let mut draft = json!({"stages": []});
        assert!(apply(&mut draft, "add-stage"));
        assert!(apply(&mut draft, "add-criterion:stages[0]"));
        draft["stages"][0]["criteria"][0]["key"] = json!("a");
        draft["stages"][0]["criteria"][1]["key"] = json!("b");
        assert!(apply(&mut draft, "down:stages[0].criteria[0]"));
        assert_eq!(draft["stages"][0]["criteria"][0]["key"], "b");
        assert!(
            !apply(&mut draft, "up:stages[0].criteria[0]"),
            "already first"
        );
        assert!(apply(&mut draft, "add-child:stages[0].criteria[1]"));
        assert_eq!(draft["stages"][0]["criteria"][1]["kind"], "group");
        assert!(apply(&mut draft, "remove:stages[0].criteria[0]"));
        assert_eq!(draft["stages"][0]["criteria"][0]["key"], "a");
        assert!(!apply(&mut draft, "remove:stages[3]"), "no such stage");
        assert!(!apply(
            &mut draft,
            "remove:stages[0].criteria[9].children[0]"
        ));
    }
}
