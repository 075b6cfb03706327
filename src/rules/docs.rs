//! Rule documentation: the Markdown of rules/README.md and of `jixiao explain`, generated from the rule files.
