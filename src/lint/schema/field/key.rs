//! The key of a node: the values of its discrete fields, which decide its rules' guards (see
//! [`crate::lint::schema::guard`]).

use super::Field;
use crate::lint::schema::node::Node;
use crate::syntax::ast::TargetKind;

/// The values of a node's discrete fields ([`Field::is_discrete`]): nodes with equal keys pass the same guards
/// (see [`crate::lint::schema::guard`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key<'a> {
    /// The target's kind, the two levels, the comparator and which of a weight, a score, an actual value and a
    /// deviation an indicator has, packed.
    pub packed: u32,
    /// The unit of a quantitative target, as written.
    pub unit: Option<&'a str>,
}

impl Field {
    /// What decides the discrete fields of `node`: its target's kind, its two levels, its comparator and its
    /// unit. Kept beside [`Field::read`], which reads the same things.
    pub fn key<'a>(node: &Node<'a>) -> Key<'a> {
        let target = node
            .indicator
            .and_then(|indicator| indicator.target.as_ref())
            .map(|t| &t.kind);
        let kind: u32 = match (node.indicator, target) {
            (None, _) => 0,
            (Some(_), None) => 1,
            (_, Some(TargetKind::Quantitative { .. })) => 2,
            (_, Some(TargetKind::Deadline { .. })) => 3,
            (_, Some(TargetKind::Period(_))) => 4,
            (_, Some(TargetKind::Qualitative { .. })) => 5,
        };
        let comparator = match target {
            Some(
                TargetKind::Quantitative {
                    comparator: Some(c),
                    ..
                }
                | TargetKind::Deadline {
                    comparator: Some(c),
                    ..
                },
            ) => c.value as u32 + 1,
            _ => 0,
        };
        let unit = match target {
            Some(TargetKind::Quantitative { quantity, .. }) => {
                quantity.unit.as_ref().map(|u| u.value.as_str())
            }
            _ => None,
        };
        // Which of the fields of `Field::is_present_in_key` an indicator has: a weight, a score, an actual value
        // and a deviation read as null exactly when they are not written.
        let present = node.indicator.map_or(0, |indicator| {
            let a = &indicator.attributes;
            u32::from(a.weight.is_some())
                | u32::from(a.score.is_some()) << 1
                | u32::from(a.actual.is_some()) << 2
                | u32::from(a.deviation.is_some()) << 3
        });
        let level1 = node.level1_kind().map_or(0, |l| l as u32 + 1);
        let level2 = node.group.and_then(|g| g.level).map_or(0, |l| l as u32 + 1);
        Key {
            packed: kind | level1 << 8 | level2 << 16 | comparator << 24 | present << 28,
            unit,
        }
    }
}
