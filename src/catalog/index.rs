//! The trial id index: id -> position in `Catalog::trials`, 4 bytes a trial (a `HashTable` of
//! positions; the ids it compares are the trials' own, not copies).

use super::Trial;
use super::fnv::Fnv;
use std::hash::Hasher;

#[derive(Debug, Clone, Default)]
pub(crate) struct TrialIndex {
    table: hashbrown::HashTable<u32>,
}

fn hash(id: &str) -> u64 {
    let mut h = Fnv::default();
    h.write(id.as_bytes());
    h.finish()
}

impl TrialIndex {
    /// Room for `more` trials beyond those indexed (one allocation instead of several doublings).
    pub(crate) fn reserve(&mut self, more: usize, trials: &[Trial]) {
        self.table.reserve(more, |&p| hash(&trials[p as usize].id));
    }

    /// The position of the trial with this id.
    pub(crate) fn get(&self, id: &str, trials: &[Trial]) -> Option<usize> {
        let found = self.table.find(hash(id), |&p| trials.get(p as usize).is_some_and(|t| &*t.id == id));
        found.map(|&p| p as usize)
    }

    /// Index the trial at `at` unless a trial with its id is indexed already: `Err` with that
    /// trial's position then (one hash and one probe, where `get` then `insert` take two).
    pub(crate) fn insert_new(&mut self, at: usize, trials: &[Trial]) -> Result<(), usize> {
        let (Ok(p), Some(t)) = (u32::try_from(at), trials.get(at)) else { return Ok(()) };
        let same = |&q: &u32| trials.get(q as usize).is_some_and(|u| u.id == t.id);
        match self.table.entry(hash(&t.id), same, |&q| hash(&trials[q as usize].id)) {
            hashbrown::hash_table::Entry::Occupied(e) => Err(*e.get() as usize),
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(p);
                Ok(())
            }
        }
    }

    /// Index the trial at `at`, whose id is not indexed yet (`get` said so); positions are 32-bit
    /// (the loader refuses more than 2^32 - 1 trials).
    pub(crate) fn insert(&mut self, at: usize, trials: &[Trial]) {
        let (Ok(p), Some(t)) = (u32::try_from(at), trials.get(at)) else { return };
        self.table.insert_unique(hash(&t.id), p, |&p| hash(&trials[p as usize].id));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_what_it_indexed_and_nothing_else() {
        let cat = crate::catalog::from_bytes(
            b"id,citation,title,year,condition,design,blinding,comparator,drug,route,n_randomized,doi,pmid,source\n\
              a,A 2020,t,2020,dep,parallel-rct,double,placebo,k,IV,10,,,x\n\
              b,B 2020,t,2020,dep,parallel-rct,double,placebo,k,IV,10,,,x\n",
            b"trial,outcome,scale,definition,timepoint,days,primary,arm_t,events_t,n_t,arm_c,events_c,n_c,mean_t,sd_t,mean_c,sd_c,source,notes\n\
              a,r,X,d,w,1,yes,k,1,10,p,1,10,,,,,x,\n\
              b,r,X,d,w,1,yes,k,1,10,p,1,10,,,,,x,\n",
            None,
        )
        .unwrap();
        assert_eq!(cat.trial("b").map(|t| &*t.id), Some("b"));
        // A trial's rows by its place in the catalog, or by its id when it is not the catalog's own.
        let outcomes = |t: &crate::catalog::Trial| cat.outcomes_for(t).map(|o| o.line()).collect::<Vec<_>>();
        let copy = cat.trials[1].clone();
        assert_eq!(outcomes(&cat.trials[1]), vec![3]);
        assert_eq!(outcomes(&copy), vec![3]);
        assert_eq!(outcomes(&cat.trials[0]), vec![2]);
        assert_eq!(cat.trial("a").map(|t| t.line()), Some(2));
        assert!(cat.trial("c").is_none());
    }
}
