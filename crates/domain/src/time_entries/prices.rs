//! What logged entries are priced from: the rates that may cover each hour and the exchange rates
//! from the rates' currencies to the budget's on its day.
//!
//! A [`PriceBook`] reads them as they are asked for and keeps what it has read. A lone entry
//! uses a book of its own. The time entries' writer keeps one from a group to the next while
//! the pricing revision it was read under stands: every change to a rate or an exchange rate
//! raises that revision in the change's own transaction, and each group reads it with what
//! logging reads of its entries ([`super::read_facts`]), inside its transaction. A group whose
//! boards, tasks, people and days the book knows then reads no rates at all, and is priced as
//! if it had read them at that moment.

use std::collections::{HashMap, HashSet};

use budget_contract::Currency;
use chrono::NaiveDate;

use super::{EntryRequest, Facts};
use crate::entity::rate;
use crate::error::DomainResult;
use crate::pricing::Price;
use crate::rates;

/// The most rows, tasks, people and exchange days a book keeps: past it, it starts afresh.
const KEPT: usize = 200_000;

/// The rates of a board (in its organisation) read so far, and whose hours they cover.
#[derive(Default)]
struct BoardRates {
    rows: Vec<rate::Model>,
    ids: HashSet<i64>,
    /// The tasks and people whose rows are in `rows`, with the board's and organisation's own.
    tasks: HashSet<i64>,
    users: HashSet<i64>,
    /// Whether the board's and organisation's own rows are in `rows`.
    read: bool,
}

/// An exchange rate asked for: the organisation, the pair of currency codes, the day.
type ExchangeDay = (i64, &'static str, &'static str, NaiveDate);

/// The rates and exchange rates read so far (see the module's docs).
#[derive(Default)]
pub(crate) struct PriceBook {
    /// The pricing revision what is kept was read under; none: read for one write only.
    revision: Option<i64>,
    /// By board and its organisation.
    boards: HashMap<(i64, Option<i64>), BoardRates>,
    /// The rate's stored units; none where no rate is in force that day.
    exchange: HashMap<ExchangeDay, Option<i64>>,
    /// Rows, tasks, people and exchange days kept.
    kept: usize,
}

impl PriceBook {
    /// Keeps what was read under `revision` (the revision the caller's transaction sees), and
    /// drops everything read under another one.
    fn keep_if(&mut self, revision: Option<i64>) {
        if revision.is_none() || self.revision != revision || self.kept > KEPT {
            *self = Self {
                revision,
                ..Self::default()
            };
        }
    }

    /// Reads every stored row that may cover `users`' hours on `tasks` of the board, but those
    /// of tasks and people read already.
    async fn read_rates<C: sea_orm::ConnectionTrait>(
        &mut self,
        conn: &C,
        board_id: i64,
        org_id: Option<i64>,
        tasks: &[i64],
        users: &[i64],
    ) -> DomainResult<()> {
        let board = self.boards.entry((board_id, org_id)).or_default();
        let unread = |ids: &[i64], known: &HashSet<i64>| {
            let mut unread: Vec<i64> = ids
                .iter()
                .copied()
                .filter(|id| !known.contains(id))
                .collect();
            unread.sort_unstable();
            unread.dedup();
            unread
        };
        let (tasks, users) = (unread(tasks, &board.tasks), unread(users, &board.users));
        if board.read && tasks.is_empty() && users.is_empty() {
            return Ok(());
        }
        let rows = rates::candidates(conn, board_id, org_id, &tasks, &users).await?;
        self.kept += tasks.len() + users.len();
        board.tasks.extend(tasks);
        board.users.extend(users);
        board.read = true;
        for row in rows {
            if board.ids.insert(row.id) {
                board.rows.push(row);
                self.kept += 1;
            }
        }
        Ok(())
    }

    /// Reads the exchange rates from `from` to `to` in force on `days` in the organisation, but
    /// those of days read already.
    async fn read_exchange_rates<C: sea_orm::ConnectionTrait>(
        &mut self,
        conn: &C,
        org_id: i64,
        from: &'static Currency,
        to: &'static Currency,
        days: &[NaiveDate],
    ) -> DomainResult<()> {
        let key = |day: NaiveDate| (org_id, from.code, to.code, day);
        let mut unread: Vec<NaiveDate> = days
            .iter()
            .copied()
            .filter(|&day| !self.exchange.contains_key(&key(day)))
            .collect();
        if unread.is_empty() {
            return Ok(());
        }
        unread.sort_unstable();
        unread.dedup();
        let found =
            crate::exchange_rates::in_force_on_days(conn, org_id, from, to, &unread).await?;
        self.kept += unread.len();
        for day in unread {
            let units = found.get(&day).and_then(|rate| rate.units);
            self.exchange.insert(key(day), units);
        }
        Ok(())
    }

    /// The stored units of the exchange rate read for the pair on `day`.
    fn exchange_units(&self, key: &ExchangeDay) -> Option<i64> {
        self.exchange.get(key).copied().flatten()
    }
}

/// Each entry's currency (its budget's) and the rates in force for it, with the exchange rates
/// from the rates' currencies on its day: the rates read once for each board, the exchange
/// rates once for each pair of currencies, the currency once for each board, and each only
/// where `book` has read them under the pricing revision the facts were read with. An exchange
/// rate not found is left for [`Price::work_out`] to look for, and refuse.
pub(super) struct Prices(pub(super) Vec<Option<(&'static Currency, Price)>>);

impl Prices {
    pub(super) async fn read<C: sea_orm::ConnectionTrait>(
        conn: &C,
        entries: &[EntryRequest<'_>],
        facts: &Facts,
        book: &mut PriceBook,
    ) -> DomainResult<Self> {
        book.keep_if(facts.pricing_revision());
        let mut currencies: HashMap<i64, &'static Currency> = HashMap::new();
        for (&(access, _), facts) in entries.iter().zip(&facts.0) {
            let board_id = access.board_id();
            let Some(facts) = facts else { continue };
            if let std::collections::hash_map::Entry::Vacant(vacant) = currencies.entry(board_id) {
                vacant.insert(facts.currency());
                let on_board = || entries.iter().filter(|(a, _)| a.board_id() == board_id);
                let tasks: Vec<i64> = on_board().map(|(_, write)| write.task_id).collect();
                let users: Vec<i64> = on_board().map(|(_, write)| write.user_id).collect();
                let org_id = access.board.organization_id;
                book.read_rates(conn, board_id, org_id, &tasks, &users)
                    .await?;
            }
        }
        let mut prices: Vec<Option<(&'static Currency, Price)>> = entries
            .iter()
            .zip(&facts.0)
            .map(|(&(access, write), facts)| {
                facts.as_ref()?;
                let board_id = access.board_id();
                let currency = *currencies.get(&board_id)?;
                let key = (board_id, access.board.organization_id);
                let rows = book.boards.get(&key).map_or(&[][..], |board| &board.rows);
                let resolved = rates::resolve(rows, write.task_id, write.user_id, write.work_date);
                Some((currency, Price::resolved(&resolved, currency)))
            })
            .collect();
        // The days each pair of currencies is converted on.
        type Pair = (i64, &'static str, &'static str);
        type Days = (&'static Currency, &'static Currency, Vec<NaiveDate>);
        let mut days: HashMap<Pair, Days> = HashMap::new();
        for (&(access, write), price) in entries.iter().zip(&prices) {
            let (Some(org_id), Some((currency, price))) = (access.board.organization_id, price)
            else {
                continue;
            };
            for side in [&price.cost, &price.billable].into_iter().flatten() {
                if side.currency != *currency && side.exchange_units.is_none() {
                    let pair = (org_id, side.currency.code, currency.code);
                    let (_, _, on) = days
                        .entry(pair)
                        .or_insert_with(|| (side.currency, *currency, Vec::new()));
                    on.push(write.work_date);
                }
            }
        }
        for ((org_id, _, _), (from, to, on)) in days {
            book.read_exchange_rates(conn, org_id, from, to, &on)
                .await?;
        }
        for ((access, write), price) in entries.iter().zip(prices.iter_mut()) {
            let (Some(org_id), Some((currency, price))) = (access.board.organization_id, price)
            else {
                continue;
            };
            for side in [price.cost.as_mut(), price.billable.as_mut()]
                .into_iter()
                .flatten()
            {
                if side.currency != *currency && side.exchange_units.is_none() {
                    let key = (org_id, side.currency.code, currency.code, write.work_date);
                    side.exchange_units = book.exchange_units(&key);
                }
            }
        }
        Ok(Self(prices))
    }
}
