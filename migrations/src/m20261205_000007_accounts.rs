//! Accounts an organisation can govern: a per-user session epoch (raising it ends every session
//! issued before), invitations to an organisation that the invitee accepts, and one-time
//! password-reset tokens issued by an organisation admin. Tokens are stored as SHA-256 hashes.

use crate::columns::*;
use crate::m20261125_000001_kanban::{AppUser, Organization};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000007_accounts"
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum AppUserEpoch {
    SessionEpoch,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum OrgInvitation {
    Table,
    Id,
    OrganizationId,
    Email,
    Role,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum PasswordReset {
    Table,
    Id,
    UserId,
    TokenHash,
    IssuedBy,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AppUser::Table)
                    .add_column(
                        ColumnDef::new(AppUserEpoch::SessionEpoch)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrgInvitation::Table)
                    .col(id(OrgInvitation::Id))
                    .col(reference(OrgInvitation::OrganizationId))
                    .col(text(OrgInvitation::Email))
                    .col(one_of(OrgInvitation::Role, &["admin", "member"]))
                    .col(text(OrgInvitation::TokenHash).unique_key())
                    .col(optional_reference(OrgInvitation::InvitedBy))
                    .col(timestamp(OrgInvitation::CreatedAt))
                    .col(timestamp(OrgInvitation::ExpiresAt))
                    .col(optional_timestamp(OrgInvitation::AcceptedAt))
                    .col(optional_timestamp(OrgInvitation::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrgInvitation::Table, OrgInvitation::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut user_fk(
                        OrgInvitation::Table,
                        OrgInvitation::InvitedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_org_invitation_org")
                    .table(OrgInvitation::Table)
                    .col(OrgInvitation::OrganizationId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PasswordReset::Table)
                    .col(id(PasswordReset::Id))
                    .col(reference(PasswordReset::UserId))
                    .col(text(PasswordReset::TokenHash).unique_key())
                    .col(optional_reference(PasswordReset::IssuedBy))
                    .col(timestamp(PasswordReset::CreatedAt))
                    .col(timestamp(PasswordReset::ExpiresAt))
                    .col(optional_timestamp(PasswordReset::UsedAt))
                    .foreign_key(&mut user_fk(
                        PasswordReset::Table,
                        PasswordReset::UserId,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut user_fk(
                        PasswordReset::Table,
                        PasswordReset::IssuedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_password_reset_user")
                    .table(PasswordReset::Table)
                    .col(PasswordReset::UserId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PasswordReset::Table.into_iden(),
            OrgInvitation::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(AppUser::Table)
                    .drop_column(AppUserEpoch::SessionEpoch)
                    .to_owned(),
            )
            .await
    }
}
