//! The words of the Resources screen: the resource plan and learning the board's cost patterns.

pub struct Words {
    pub heading: &'static str,
    /// Shown to viewers instead of planning and learning.
    pub viewer_notice: &'static str,

    // Resource plan
    pub plan_heading: &'static str,
    pub plan_intro: &'static str,
    pub plan_button: &'static str,
    pub plan_pending: &'static str,
    pub no_people: &'static str,
    pub people_caption: &'static str,
    pub person_heading: &'static str,
    pub rate_heading: &'static str,
    pub tasks_heading: &'static str,
    pub open_heading: &'static str,
    pub estimated_heading: &'static str,
    pub logged_heading: &'static str,
    pub left_heading: &'static str,
    pub load_heading: &'static str,
    pub reassignments_heading: &'static str,
    pub no_reassignments: &'static str,
    pub reassignments_caption: &'static str,
    pub task_heading: &'static str,
    pub from_to_heading: &'static str,
    pub hours_heading: &'static str,
    pub saves_heading: &'static str,
    pub why_heading: &'static str,
    /// A person of a reassignment whose name is not in the plan.
    pub unknown_person: fn(id: i64) -> String,
    /// A task's move from one person to another.
    pub reassignment: fn(from: &str, to: &str) -> String,

    // Learning cost patterns
    pub learn_heading: &'static str,
    pub learn_intro: &'static str,
    pub learn_button: &'static str,
    pub learn_pending: &'static str,
    pub patterns_learned: fn(count: usize) -> String,
}

pub const ENGLISH: Words = Words {
    heading: "Resources",
    viewer_notice: "Planning resources and learning patterns take an editor or admin of this board; you can read the patterns learned so far.",

    plan_heading: "Resource plan",
    plan_intro: "Each person's hours left on their open tasks against the others', and the reassignments that would cost less at the rates in force.",
    plan_button: "Plan resources",
    plan_pending: "Planning…",
    no_people: "Nobody can log time on this board yet.",
    people_caption: "Load per person",
    person_heading: "Person",
    rate_heading: "Rate",
    tasks_heading: "Tasks",
    open_heading: "Open",
    estimated_heading: "Estimated",
    logged_heading: "Logged",
    left_heading: "Left",
    load_heading: "Load",
    reassignments_heading: "Suggested reassignments",
    no_reassignments: "No reassignment would save money now.",
    reassignments_caption: "Reassignments that would save money",
    task_heading: "Task",
    from_to_heading: "From → to",
    hours_heading: "Hours",
    saves_heading: "Saves",
    why_heading: "Why",
    unknown_person: |id| format!("user {id}"),
    reassignment: |from, to| format!("{from} → {to}"),

    learn_heading: "Learn cost patterns",
    learn_intro: "Recurring overruns by priority or person, the weekday burn and the estimate bias, learned from the board's costs.",
    learn_button: "Learn patterns now",
    learn_pending: "Learning…",
    patterns_learned: |count| match count {
        1 => "1 pattern learned.".to_owned(),
        count => format!("{count} patterns learned."),
    },
};
