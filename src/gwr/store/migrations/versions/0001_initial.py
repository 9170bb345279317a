"""files, documents, sections, paragraphs, facts, projects

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('files',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('format', sa.Text(), nullable=False),
    sa.Column('encoding', sa.Text(), nullable=True),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('n_chars', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=True),
    sa.Column('ingested_at', sa.String(length=32), nullable=False),
    sa.Column('gwr_version', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_files')),
    sa.UniqueConstraint('path', name=op.f('uq_files_path'))
    )
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_files_sha256'), ['sha256'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('file_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('index', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('line_start', sa.Integer(), nullable=False),
    sa.Column('line_end', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('region_name', sa.Text(), nullable=True),
    sa.Column('region_full_name', sa.Text(), nullable=True),
    sa.Column('level', sa.Text(), nullable=True),
    sa.Column('region_code', sa.String(length=6), nullable=True),
    sa.Column('parent_code', sa.String(length=6), nullable=True),
    sa.Column('parent', sa.Text(), nullable=True),
    sa.Column('region_source', sa.Text(), nullable=True),
    sa.Column('province_code', sa.String(length=6), nullable=True),
    sa.Column('prefecture_code', sa.String(length=6), nullable=True),
    sa.Column('report_year', sa.Integer(), nullable=True),
    sa.Column('review_year', sa.Integer(), nullable=True),
    sa.Column('delivered_date', sa.String(length=10), nullable=True),
    sa.Column('speaker', sa.Text(), nullable=True),
    sa.Column('speaker_title', sa.Text(), nullable=True),
    sa.Column('session', sa.Text(), nullable=True),
    sa.Column('posted', sa.String(length=10), nullable=True),
    sa.Column('locator', sa.JSON(), nullable=True),
    sa.Column('n_chars', sa.Integer(), nullable=False),
    sa.Column('canonical_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.Column('minhash', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['canonical_id'], ['documents.id'], name=op.f('fk_documents_canonical_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['file_id'], ['files.id'], name=op.f('fk_documents_file_id_files'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_canonical_id'), ['canonical_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_file_id'), ['file_id'], unique=False)
        batch_op.create_index('ix_documents_kind_year', ['kind', 'report_year'], unique=False)
        batch_op.create_index('ix_documents_province_level_year', ['province_code', 'level', 'report_year'], unique=False)
        batch_op.create_index('ix_documents_region_year', ['region_code', 'report_year'], unique=False)

    op.create_table('file_texts',
    sa.Column('file_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['files.id'], name=op.f('fk_file_texts_file_id_files'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('file_id', name=op.f('pk_file_texts'))
    )
    op.create_table('document_bands',
    sa.Column('band', sa.BigInteger(), nullable=False),
    sa.Column('document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_bands_document_id_documents'), ondelete='CASCADE')
    )
    with op.batch_alter_table('document_bands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_bands_band'), ['band'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_bands_document_id'), ['document_id'], unique=False)

    op.create_table('facts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('paragraph_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=True),
    sa.Column('label', sa.Text(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('value_qualifier', sa.Text(), nullable=True),
    sa.Column('value_base', sa.Float(), nullable=True),
    sa.Column('unit_base', sa.Text(), nullable=True),
    sa.Column('growth_pct', sa.Float(), nullable=True),
    sa.Column('growth_unit', sa.Text(), nullable=True),
    sa.Column('growth_qualifier', sa.Text(), nullable=True),
    sa.Column('growth_low', sa.Float(), nullable=True),
    sa.Column('growth_high', sa.Float(), nullable=True),
    sa.Column('extra', sa.JSON(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('locator', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_facts_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facts'))
    )
    with op.batch_alter_table('facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facts_document_id'), ['document_id'], unique=False)
        batch_op.create_index('ix_facts_indicator_year', ['indicator', 'year', 'kind'], unique=False)

    op.create_table('paragraphs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('section_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('locator', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_paragraphs_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paragraphs'))
    )
    with op.batch_alter_table('paragraphs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paragraphs_document_id'), ['document_id'], unique=False)

    op.create_table('projects',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('paragraph_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('investment', sa.Float(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('investment_qualifier', sa.Text(), nullable=True),
    sa.Column('investment_base', sa.Float(), nullable=True),
    sa.Column('stage', sa.Text(), nullable=True),
    sa.Column('aggregate', sa.Boolean(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('locator', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_projects_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_document_id'), ['document_id'], unique=False)

    op.create_table('sections',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('numbering', sa.Text(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('heading_start', sa.Integer(), nullable=False),
    sa.Column('heading_end', sa.Integer(), nullable=False),
    sa.Column('locator', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_sections_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sections'))
    )
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sections_document_id'), ['document_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sections_document_id'))

    op.drop_table('sections')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_document_id'))

    op.drop_table('projects')
    with op.batch_alter_table('paragraphs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paragraphs_document_id'))

    op.drop_table('paragraphs')
    with op.batch_alter_table('facts', schema=None) as batch_op:
        batch_op.drop_index('ix_facts_indicator_year')
        batch_op.drop_index(batch_op.f('ix_facts_document_id'))

    op.drop_table('facts')
    with op.batch_alter_table('document_bands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_bands_document_id'))
        batch_op.drop_index(batch_op.f('ix_document_bands_band'))

    op.drop_table('document_bands')
    op.drop_table('file_texts')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_region_year')
        batch_op.drop_index('ix_documents_province_level_year')
        batch_op.drop_index('ix_documents_kind_year')
        batch_op.drop_index(batch_op.f('ix_documents_file_id'))
        batch_op.drop_index(batch_op.f('ix_documents_canonical_id'))

    op.drop_table('documents')
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_files_sha256'))

    op.drop_table('files')
